// Tells the hub the reader's time zone: fills every hidden <input name="tz"> (so a
// schedule time typed in a datetime-local field is read in that zone), names the zone
// next to those fields, and keeps it in a cookie so the server can show times in it.
// Without JavaScript the fields keep "UTC", which the page says.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  var inputs = document.querySelectorAll('input[name="tz"]');
  // data-tz-fixed: the server filled the time in that zone (editing a scheduled update).
  for (var i = 0; i < inputs.length; i++) if (!inputs[i].hasAttribute('data-tz-fixed')) inputs[i].value = zone;
  var names = document.querySelectorAll('[data-tz-name]');
  for (var j = 0; j < names.length; j++) if (!names[j].hasAttribute('data-tz-fixed')) names[j].textContent = zone;
  document.cookie = 'herald_tz=' + encodeURIComponent(zone) + '; path=/admin; max-age=31536000; samesite=lax';
})();
