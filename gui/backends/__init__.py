"""VPN mechanisms behind one interface: what they can run, bring-up, tear-down, state events."""
