// Keeps the "Email: … sent · … queued" lines of the incident page current while an
// update's email goes out. Without JavaScript the line is as of the last reload.
// Polls each pending line every 2 s and stops when nothing is queued or in flight
// (or after 10 minutes, in case the delivery loop is not running).
(function () {
  var els = document.querySelectorAll('[data-delivery-summary]');
  var deadline = Date.now() + 10 * 60 * 1000;
  function poll(el) {
    var url = el.getAttribute('data-delivery-summary');
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        el.textContent = data.text;
        if (data.inProgress && Date.now() < deadline) setTimeout(function () { poll(el); }, 2000);
      })
      .catch(function () {});
  }
  for (var i = 0; i < els.length; i++) {
    (function (el) {
      setTimeout(function () { poll(el); }, 2000);
    })(els[i]);
  }
})();
