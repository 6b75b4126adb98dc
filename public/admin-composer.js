// The update composer, in place (progressive enhancement; served by the admin pages only).
// Without this script everything works by posting the form and re-rendering the page.
// With it:
// - choosing the audience switches the actions at once (wording, colour, position);
//   ticking "Email subscribers" switches the publish button's wording;
// - every button posts the same form with fetch; a re-rendered composer (preview,
//   template, errors) replaces the old one where it stands, the scroll position is
//   kept, and focus goes to the error summary, the preview or the text;
// - a saved update follows the server's redirect as a normal navigation;
// - changing a component re-counts the subscribers the publish button names.
// No framework; the server stays the only place where anything is rendered.
(function () {
  if (!window.fetch || !window.DOMParser || !document.querySelector('form[data-composer]')) return;
  document.documentElement.classList.add('js');

  function composer() {
    return document.querySelector('form[data-composer]');
  }

  function region(root) {
    return root.querySelector('[data-composer-region]');
  }

  function applyAudience(form) {
    var checked = form.querySelector('input[name="audience"]:checked');
    var audience = checked && checked.value === 'internal' ? 'internal' : 'external';
    form.classList.toggle('aud-is-internal', audience === 'internal');
    form.classList.toggle('aud-is-external', audience !== 'internal');
    var panels = form.querySelectorAll('[data-audience-panel]');
    for (var i = 0; i < panels.length; i++) panels[i].hidden = panels[i].getAttribute('data-audience-panel') !== audience;
  }

  function applyNotify(form) {
    var box = form.querySelector('input[data-notify]');
    if (!box) return;
    var on = box.checked;
    var shown = form.querySelectorAll('[data-notify-on]');
    for (var i = 0; i < shown.length; i++) shown[i].hidden = !on;
    var hidden = form.querySelectorAll('[data-notify-off]');
    for (var j = 0; j < hidden.length; j++) hidden[j].hidden = on;
    var button = form.querySelector('[data-label-notify]');
    if (button) button.textContent = button.getAttribute(on ? 'data-label-notify' : 'data-label-quiet');
  }

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter || undefined);
    } catch (e) {
      data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    }
    return data;
  }

  function post(form, data) {
    // The same URL the form posts to without JavaScript; the server answers the same way.
    return fetch(form.action || location.href, { method: 'POST', body: data, credentials: 'same-origin', headers: { accept: 'text/html' } });
  }

  // The server redirects after a save to "?done=…&update=ID#update-ID"; fetch drops
  // the fragment, so it is put back from the query.
  function follow(response) {
    var target = new URL(response.url);
    var update = target.searchParams.get('update');
    if (update && !target.hash) target.hash = 'update-' + update;
    location.assign(target.href);
  }

  function swap(html, intent) {
    var incoming = region(new DOMParser().parseFromString(html, 'text/html'));
    var current = region(document);
    if (!incoming || !current) return false;
    var x = window.scrollX;
    var y = window.scrollY;
    current.replaceWith(incoming);
    window.scrollTo(x, y);
    var summary = incoming.querySelector('#error-summary');
    var target = summary || (intent === 'preview' ? incoming.querySelector('#preview') : intent === 'template' ? incoming.querySelector('#c-body') : null);
    if (target) {
      // The error summary is brought into view; the rest is focused where it stands.
      target.focus(summary ? undefined : { preventScroll: true });
      if (summary) summary.scrollIntoView({ block: 'start' });
    }
    return true;
  }

  var busy = false;

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-composer') || form.hasAttribute('data-native')) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    var submitter = event.submitter || null;
    var intent = submitter ? submitter.value : 'preview';
    form.setAttribute('aria-busy', 'true');
    post(form, formData(form, submitter))
      .then(
        function (response) {
          if (response.redirected) return follow(response);
          return response.text().then(function (html) {
            if (swap(html, intent)) return;
            // Another answer (refused, an error page): show it as the page, without posting again.
            var answer = new DOMParser().parseFromString(html, 'text/html');
            document.title = answer.title;
            document.body.replaceWith(answer.body);
          });
        },
        function () {
          // Herald could not be reached. Looking again saves nothing, so those are
          // re-sent as an ordinary post; a save is not, since it may have gone through.
          if (intent === 'preview' || intent === 'template' || intent === 'audience') {
            form.setAttribute('data-native', '');
            if (submitter && form.requestSubmit) form.requestSubmit(submitter);
            else form.submit();
            return;
          }
          var note = document.createElement('p');
          note.className = 'form-error';
          note.setAttribute('role', 'alert');
          note.textContent = 'Herald could not be reached, so this may or may not be saved. Reload the page and check the updates before trying again.';
          form.prepend(note);
        },
      )
      .then(function () {
        busy = false;
        var now = composer();
        if (now) now.removeAttribute('aria-busy');
      });
  });

  var recount = null;
  document.addEventListener('change', function (event) {
    var form = composer();
    var field = event.target;
    if (!form || !form.contains(field)) return;
    if (field.name === 'audience') applyAudience(form);
    else if (field.hasAttribute && field.hasAttribute('data-notify')) applyNotify(form);
    else if (field.tagName === 'SELECT' && field.closest('.more-opts')) {
      // The subscribers an update reaches depend on its components: ask the server again.
      clearTimeout(recount);
      recount = setTimeout(function () {
        var data = formData(form, null);
        data.set('submit', 'audience');
        post(form, data)
          .then(function (response) {
            return response.ok ? response.text() : null;
          })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('form[data-composer] [data-audience-panel]');
            var old = form.querySelectorAll('[data-audience-panel]');
            if (fresh.length !== old.length) return;
            for (var i = 0; i < old.length; i++) old[i].replaceWith(fresh[i]);
            applyAudience(form);
            applyNotify(form);
          })
          .catch(function () {});
      }, 300);
    }
  });

  // A page re-rendered by an ordinary post (or opened) with errors: the summary gets the focus.
  var summary = document.querySelector('[data-composer-region] #error-summary');
  if (summary) summary.focus();
})();
