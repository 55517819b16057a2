"""SIP2: how the central service talks to the library's own circulation system (the ACS).

``codec`` (frames and checksums, pure), ``messages`` (requests and typed answers, pure),
``connection`` (one socket and the spec's re-send rules), ``client`` (the pool and one
method per message), ``config`` (the ``[sip2]`` settings file), ``diag`` (``kiosk diag
sip2``) and ``simulator`` (a library system on pysip2's server, for tests and demos).
"""
