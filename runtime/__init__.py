"""The composition root: builds a running terminal from a site file, without Qt.

It reads nothing but the validated :class:`~kiosk.config.SiteConfig`, opens every device
through its package's factory (starting simulators on pseudo-terminals where a demo site
says "simulated", so the real drivers run the real byte protocols even on a laptop),
reconciles crash leftovers with :meth:`Circulation.recover` before anyone can log in, and
starts sync when a broker is configured. The Qt app (:mod:`ui.app`), the headless mode
and the tests all run on a :class:`Runtime`; nothing here imports Qt.

- :mod:`runtime.build`: :func:`build_runtime`, the wiring (store, devices, circulation,
  sync) done on the ``kiosk-core`` thread;
- :mod:`runtime.core`: :class:`Runtime`, the running terminal: the ``kiosk-core`` thread
  every caller goes through, and the out-of-service state of a full disk;
- :mod:`runtime.devices`: opening each device from its config section, and the stand-ins
  for a device that could not be opened or that the site does not have;
- :mod:`runtime.simulated`: what only a demo site gets: the network switch, the simulated
  central library and the simulator handles.
"""
