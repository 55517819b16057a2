"""The central office's web console: fleet, terminals, alarms, accounts (``kiosk central web``).

``app.create_app`` builds the Starlette application over the central store; ``gate`` checks
sessions and CSRF tokens for every request; ``fleet`` reads what the pages show; ``actions``
turns an operator's form into a command job; ``metrics`` is the Prometheus exposition;
``i18n`` holds the words (Chinese by default, English) and time display.
"""
