"""The one owner of a tunnel's life, whoever asked for it (the window, ``sluis connect``'s background
process, the control API): which protocols it may accept (settings and IT's locks), ``/connect``,
bringing the tunnel up with a timeout and cleaning up a half-built one, the failover watch, the
expiry deadline, and the disconnect order (tunnel down, then ``/disconnect``). No Qt: the window's
controller renders what a ``TunnelSession`` reports.
"""
