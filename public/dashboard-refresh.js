// Keeps the hub's dashboard current without a reload: every 30 s it fetches the page
// again and swaps in the live part ([data-live-dashboard]) and the tab title, which
// counts overdue incidents ("(2 overdue) Dashboard · Herald"), so a background tab
// tells its reader. It runs while the tab is hidden on purpose: that is when the
// title matters. No meta refresh: nothing on the page is lost (scroll, focus).
// While focus is inside the live part (someone is tabbing through it), only the
// title is updated and the swap waits for the next round. Without JavaScript the
// page is as of its last load (it says so).
(function () {
  var region = document.querySelector('[data-live-dashboard]');
  if (!region || !window.fetch || !window.DOMParser) return;
  var seconds = Number(region.getAttribute('data-refresh-seconds')) || 30;
  var note = document.querySelector('[data-refresh-note]');
  if (note) note.hidden = false;
  function stamp() {
    if (!note) return;
    var out = note.querySelector('[data-refresh-at]');
    // 24-hour clock with the zone's name, like every time in the hub ("06:27:49 EST").
    // Where American English has only an offset ("GMT+1"), British English names
    // European zones ("CET"), as local-time.js and the server do.
    if (!out) return;
    var now = new Date();
    var text = now.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    var offset = /GMT[+-][0-9:]+$/;
    if (offset.test(text)) {
      var named = now.toLocaleTimeString('en-GB', { timeZoneName: 'short' }).split(' ').pop();
      if (named && !/^GMT[+-]/.test(named)) text = text.replace(offset, named);
    }
    // And UTC beside it, as everywhere in the hub ("13:37:56 CET · 12:37:56 UTC").
    var utc = now.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }) + ' UTC';
    out.textContent = text.slice(0, 8) === utc.slice(0, 8) ? utc : text + ' · ' + utc;
  }
  function refresh() {
    fetch(location.pathname + location.search, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } })
      .then(function (res) {
        // Signed out meanwhile (a redirect to the sign-in page): leave the page as it is.
        return res.ok && !res.redirected ? res.text() : null;
      })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var next = doc.querySelector('[data-live-dashboard]');
        if (!next) return;
        document.title = doc.title;
        var active = document.activeElement;
        if (active && active !== document.body && region.contains(active)) return;
        region.innerHTML = next.innerHTML;
        stamp();
        document.dispatchEvent(new CustomEvent('herald:refreshed'));
      })
      .catch(function () {})
      .then(function () {
        setTimeout(refresh, seconds * 1000);
      });
  }
  stamp();
  setTimeout(refresh, seconds * 1000);
})();
