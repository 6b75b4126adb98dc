/*
 * Herald status widget: include it on your own site and, while an incident is open,
 * a banner names it and links to the status page.
 *
 *   <script src="https://status.example.com/widget.js" async></script>
 *
 * Optional: data-position="top" (default bottom). It reads /api/v2/summary.json of
 * the server it was loaded from (served with Access-Control-Allow-Origin: *), checks
 * again every two minutes, and builds its DOM with textContent only (incident titles
 * are never parsed as HTML). Dismissing hides the banner until something changes.
 * No dependencies, no cookies.
 */
(function () {
  var script = document.currentScript;
  if (!script || !script.src || !window.fetch) return;
  var origin = new URL(script.src).origin;
  var top = script.getAttribute('data-position') === 'top';
  var KEY = 'herald-widget-dismissed:' + origin;
  var COLORS = { none: '#1f6feb', minor: '#9e6a03', major: '#bd561d', critical: '#b62324' };
  var box = null;

  function el(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  function dismissed(stamp) {
    try { return localStorage.getItem(KEY) === stamp; } catch (e) { return false; }
  }

  function remove() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = null;
  }

  function show(incidents, stamp) {
    remove();
    var worst = incidents.reduce(function (w, i) {
      var order = ['none', 'minor', 'major', 'critical'];
      return order.indexOf(i.impact) > order.indexOf(w) ? i.impact : w;
    }, 'none');
    box = el('div', 'position:fixed;left:0;right:0;' + (top ? 'top:0;' : 'bottom:0;') + 'z-index:2147483647;display:flex;align-items:flex-start;gap:12px;padding:12px 16px;background:' + (COLORS[worst] || COLORS.major) + ';color:#fff;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;box-shadow:0 0 8px rgba(0,0,0,.3)');
    box.setAttribute('role', 'status');
    box.className = 'herald-widget';
    var body = el('div', 'flex:1;min-width:0');
    incidents.slice(0, 3).forEach(function (incident) {
      var line = el('p', 'margin:0');
      line.appendChild(el('strong', '', incident.status === 'monitoring' ? 'Monitoring: ' : 'Service incident: '));
      var link = el('a', 'color:#fff;text-decoration:underline', incident.name);
      link.href = origin + '/incidents/' + encodeURIComponent(incident.id);
      link.target = '_blank';
      link.rel = 'noopener';
      line.appendChild(link);
      body.appendChild(line);
    });
    if (incidents.length > 3) body.appendChild(el('p', 'margin:0', 'and ' + (incidents.length - 3) + ' more on the status page'));
    var close = el('button', 'flex:none;background:none;border:2px solid #fff;border-radius:4px;color:#fff;font:inherit;line-height:1;padding:4px 8px;cursor:pointer', '\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss status notice');
    close.onclick = function () {
      try { localStorage.setItem(KEY, stamp); } catch (e) { /* private mode: hide for this page view */ }
      remove();
    };
    box.appendChild(body);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  function check() {
    fetch(origin + '/api/v2/summary.json', { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (summary) {
        var open = ((summary && summary.incidents) || []).filter(function (i) { return i.status !== 'resolved' && i.status !== 'postmortem'; });
        if (open.length === 0) return remove();
        // Dismissal holds until an incident or its latest update changes.
        var stamp = open.map(function (i) { return i.id + '@' + i.updated_at; }).join(',');
        if (dismissed(stamp)) return remove();
        if (!box || box.getAttribute('data-stamp') !== stamp) {
          show(open, stamp);
          box.setAttribute('data-stamp', stamp);
        }
      })
      .catch(function () { /* the status page is unreachable: show nothing rather than an error */ });
  }

  function start() {
    check();
    setInterval(check, 120000);
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
