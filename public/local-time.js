// Rewrites <time data-lt> elements, rendered in UTC by the server (the page is cached
// and shared by every reader), into the reader's own time zone. Without JavaScript the
// UTC text stays, which is still correct; it is kept as a tooltip.
// data-lt: f = date and time, s = start of a same-day range (no zone), t = time only.
(function () {
  var day = { month: 'short', day: 'numeric', year: 'numeric' };
  var time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  function fmt(parts) {
    var o = {};
    for (var i = 0; i < parts.length; i++) for (var k in parts[i]) o[k] = parts[i][k];
    return new Intl.DateTimeFormat('en-US', o);
  }
  var zone = { timeZoneName: 'short' };
  var f;
  try {
    f = { f: fmt([day, time, zone]), s: fmt([day, time]), t: fmt([time, zone]), d: fmt([day]) };
  } catch (e) {
    return;
  }
  // Again after the dashboard swaps in fresh markup (dashboard-refresh.js).
  function localize() {
    var els = document.querySelectorAll('time[data-lt]:not([data-lt-done])');
    var start;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var d = new Date(el.getAttribute('datetime'));
      var mode = el.getAttribute('data-lt');
      var format = f[mode];
      if (!format || isNaN(d.getTime())) continue;
      // A range on one UTC day may span two local days: then show the end's date too.
      if (mode === 's') start = d;
      if (mode === 't' && start && f.d.format(start) !== f.d.format(d)) format = f.f;
      el.title = el.textContent;
      el.textContent = format.format(d);
      el.setAttribute('data-lt-done', '');
    }
  }
  localize();
  document.addEventListener('herald:refreshed', localize);
})();
