"""The Qt views of Sluis. They talk to the controller only (``gui.controller.viewmodel``)."""
