// Ctrl+Enter (⌘+Enter on a Mac) in a form presses its main button
// ([data-shortcut-submit]), as in most chat and ticket tools: the declare form has
// dozens of fields before its button. The button's own name and value are sent,
// exactly as a click would. Without JavaScript the button is reached with Tab
// (the form's "Skip to the first update" link shortens the way).
(function () {
  var buttons = document.querySelectorAll('[data-shortcut-submit]');
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var form = button.form;
      if (!form) return;
      form.addEventListener('keydown', function (event) {
        if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(button);
        else button.click();
      });
    })(buttons[i]);
  }
})();
