"""Test rigs and helpers shared by the test suites and the benchmarks.

Nothing here ships in the product wheel or is imported by it: a real mosquitto as a child
process (``broker``), a private pcscd with the vpcd virtual reader (``pcsc_rig``) and its
virtual cards (``vcard``), a fleet of terminals and a central service on one broker
(``fleet``) and a central service driven without a broker (``hostile_central``).
"""
