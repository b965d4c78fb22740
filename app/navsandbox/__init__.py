"""The built-in NAV Online Számla 3.0 test service (`bolthid nav serve`, and test mode).

It answers as NAV's specification and samples show, and keeps its own code: it shares nothing
with our client (app.nav), so a mistake in one is caught by the other.
"""
