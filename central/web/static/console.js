// Refreshes every element with data-poll from its JSON endpoint ({"html": ...}) without
// reloading the page. A session that ended makes the endpoint redirect to sign-in: then the
// whole page reloads and the gate takes the browser to the sign-in page.
"use strict";
function poll(el) {
  const every = parseInt(el.dataset.pollMs || "5000", 10);
  const tick = async () => {
    try {
      const r = await fetch(el.dataset.poll, {credentials: "same-origin", headers: {Accept: "application/json"}});
      const type = r.headers.get("content-type") || "";
      if (r.redirected || !type.startsWith("application/json")) { location.reload(); return; }
      const data = await r.json();
      el.innerHTML = data.html;
    } catch (e) {
      // The console is unreachable for a moment: keep what is shown and try again.
    }
    setTimeout(tick, every);
  };
  setTimeout(tick, every);
}
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-poll]").forEach(poll));
