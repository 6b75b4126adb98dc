// Progressive enhancement for the public pages, which all work without it:
// 1. each uptime bar is one tab stop; arrow keys, Home and End move between its days,
//    and a day focused from the keyboard shows its details (the popover);
// 2. a page marked data-live refreshes its content when the page's data changes
//    (a light poll of /api/v2/status.json every 30 s, paused while the tab is hidden);
// 3. on the subscribe pages, a group's "whole group" box ticks its components.
(function () {
  var doc = document;

  function shown(el) { return el.getClientRects().length > 0; }
  function days(bar) { return Array.prototype.filter.call(bar.querySelectorAll('button'), shown); }
  function popoverOf(button) { return doc.getElementById(button.getAttribute('popovertarget')); }
  function isOpen(pop) {
    try { return pop.matches(':popover-open'); } catch (e) { return false; }
  }
  function toggle(button, open) {
    var pop = popoverOf(button);
    if (!pop || !pop.showPopover || isOpen(pop) === open) return;
    // Opened through its button, so the browser anchors the details to that day.
    if (open) button.click();
    else pop.hidePopover();
  }

  // Roving tabindex: today (or the day last moved to, while it is shown) is the tab stop.
  function initBars() {
    var bars = doc.querySelectorAll('.ud');
    for (var i = 0; i < bars.length; i++) {
      var all = bars[i].querySelectorAll('button');
      var list = days(bars[i]);
      var current = bars[i].querySelector('button[tabindex="0"]');
      for (var j = 0; j < all.length; j++) all[j].tabIndex = -1;
      var stop = current && shown(current) ? current : list[list.length - 1];
      if (stop) stop.tabIndex = 0;
    }
  }

  doc.addEventListener('keydown', function (e) {
    var button = e.target;
    if (!button.matches || !button.matches('.ud button')) return;
    var list = days(button.closest('.ud'));
    var i = list.indexOf(button);
    var n;
    if (e.key === 'ArrowLeft') n = i - 1;
    else if (e.key === 'ArrowRight') n = i + 1;
    else if (e.key === 'Home') n = 0;
    else if (e.key === 'End') n = list.length - 1;
    else return;
    e.preventDefault();
    var next = list[Math.max(0, Math.min(list.length - 1, n))];
    if (!next || next === button) return;
    button.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  doc.addEventListener('focusin', function (e) {
    var button = e.target;
    if (button.matches && button.matches('.ud button') && button.matches(':focus-visible')) toggle(button, true);
  });

  // Keyboard focus leaving a day (not into its own details) closes them.
  doc.addEventListener('focusout', function (e) {
    var li = e.target.closest && e.target.closest('.ud > li');
    if (!li || !e.relatedTarget || li.contains(e.relatedTarget)) return;
    toggle(li.querySelector('button'), false);
  });

  initBars();
  if (window.matchMedia) {
    ['(max-width: 799.98px)', '(max-width: 499.98px)'].forEach(function (q) {
      var m = window.matchMedia(q);
      if (m.addEventListener) m.addEventListener('change', initBars);
    });
  }

  // Live updates.
  var main = doc.getElementById('main');
  if (main && main.hasAttribute('data-live') && window.fetch && window.DOMParser) {
    var timer = 0;
    var schedule = function () {
      clearTimeout(timer);
      if (!doc.hidden) timer = setTimeout(check, 30000);
    };
    var detailsOpen = function () {
      var pops = doc.querySelectorAll('.ud [popover]');
      for (var i = 0; i < pops.length; i++) if (isOpen(pops[i])) return true;
      return false;
    };
    var refresh = function () {
      return fetch(location.href, { cache: 'no-cache' })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          var next = html && new DOMParser().parseFromString(html, 'text/html');
          var fresh = next && next.getElementById('main');
          // Someone reading a day's details keeps them; the next poll tries again.
          if (!fresh || detailsOpen()) return;
          var hadFocus = main.contains(doc.activeElement) && doc.activeElement !== main;
          main.innerHTML = fresh.innerHTML;
          main.setAttribute('data-updated', fresh.getAttribute('data-updated') || '');
          doc.title = next.title;
          if (hadFocus) main.focus({ preventScroll: true });
          initBars();
          doc.dispatchEvent(new Event('herald:refreshed'));
        });
    };
    var check = function () {
      fetch('/api/v2/status.json', { cache: 'no-cache' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          var updated = s && s.page && s.page.updated_at;
          if (updated && updated !== main.getAttribute('data-updated')) return refresh();
        })
        .catch(function () { /* offline or the server restarting: try again later */ })
        .then(schedule);
    };
    doc.addEventListener('visibilitychange', function () {
      clearTimeout(timer);
      if (!doc.hidden) check();
    });
    schedule();
  }

  // Subscribe: "whole group" ticks its components (without this the server expands it).
  doc.addEventListener('change', function (e) {
    var box = e.target;
    if (!box.matches) return;
    var fieldset = box.closest('fieldset[data-group]');
    if (!fieldset) return;
    var whole = fieldset.querySelector('input[name="groups"]');
    var members = fieldset.querySelectorAll('input[name="components"]');
    if (box === whole) {
      for (var i = 0; i < members.length; i++) members[i].checked = whole.checked;
    } else if (whole) {
      var all = true;
      for (var j = 0; j < members.length; j++) all = all && members[j].checked;
      whole.checked = all;
    }
  });
})();
