// Rewrites <time data-lt> elements, rendered by the server in the page's configured
// time zone (the page is cached and shared by every reader), into the reader's own
// zone. Without JavaScript the server's text stays, which names its zone and is
// still correct; it is kept as a tooltip.
// data-lt: f = date and time, s = start of a same-day range (no zone), t = time only.
(function () {
  var day = { month: 'short', day: 'numeric', year: 'numeric' };
  var time = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  function fmt(parts, locale) {
    var o = {};
    for (var i = 0; i < parts.length; i++) for (var k in parts[i]) o[k] = parts[i][k];
    // The page's language (<html lang>), American English for English like the server.
    var page = document.documentElement.lang;
    return new Intl.DateTimeFormat(locale || (page && page !== 'en' ? page : 'en-US'), o);
  }
  var zone = { timeZoneName: 'short' };
  var f, gb;
  try {
    f = { f: fmt([day, time, zone]), s: fmt([day, time]), t: fmt([time, zone]), d: fmt([day]) };
    gb = fmt([zone], 'en-GB');
  } catch (e) {
    return;
  }
  var offset = /^GMT[+-]/;
  // American English names American zones only ("EST"), British English European
  // ones ("CET"): the same short name the server writes (src/time/wall-clock.ts).
  function text(format, d) {
    if (!format.formatToParts) return format.format(d);
    var parts = format.formatToParts(d), out = '';
    for (var i = 0; i < parts.length; i++) {
      var value = parts[i].value;
      if (parts[i].type === 'timeZoneName' && offset.test(value)) {
        var named = gb.formatToParts(d).filter(function (p) { return p.type === 'timeZoneName'; })[0];
        if (named && !offset.test(named.value)) value = named.value;
      }
      out += value;
    }
    return out;
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
      // A range on one day in the page's zone may span two local days: then show the end's date too.
      if (mode === 's') start = d;
      if (mode === 't' && start && f.d.format(start) !== f.d.format(d)) format = f.f;
      el.title = el.textContent;
      el.textContent = text(format, d);
      el.setAttribute('data-lt-done', '');
    }
  }
  localize();
  document.addEventListener('herald:refreshed', localize);
})();
