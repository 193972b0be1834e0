"""Sluis's place in the desktop: URL-scheme registration (``urlschemes``) and start at login
(``autostart``), the way each platform does them for one user. No Qt, no views, no controller.
"""
