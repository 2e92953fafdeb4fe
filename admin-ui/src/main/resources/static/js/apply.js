// Progressive enhancement of the application form: says whether the desired address is free as it is typed.
// The form works the same without it; the server checks the address again when the form is sent.
// Loaded from the same origin (Content-Security-Policy: script-src 'self'); writes text only, never markup.
(function () {
  'use strict';
  var input = document.getElementById('slug');
  var status = document.getElementById('slug-status');
  if (!input || !status || !window.fetch || !window.AbortController) {
    return;
  }
  var url = input.getAttribute('data-check-url');
  var timer = null;
  var last = null;
  var pending = null;

  function show(text, available) {
    status.textContent = text;
    status.classList.remove('available', 'unavailable');
    if (text) {
      status.classList.add(available ? 'available' : 'unavailable');
    }
  }

  function check() {
    var value = input.value.trim();
    if (value === last) {
      return;
    }
    last = value;
    if (pending) {
      pending.abort();
    }
    if (!value) {
      show('', false);
      return;
    }
    pending = new AbortController();
    fetch(url + '?slug=' + encodeURIComponent(value), {
      headers: { 'Accept': 'application/json' },
      credentials: 'same-origin',
      signal: pending.signal
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && input.value.trim() === value) {
        show(answer.message, answer.available);
      }
    }).catch(function () {
      // Offline or aborted: say nothing; the server checks on submit.
    });
  }

  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  });
  if (document.getElementById('slug-error')) {
    // The server already said what is wrong with this address, under the field: saying it again beside it would
    // show the same error twice. Checked again as soon as the address is changed.
    last = input.value.trim();
  } else if (input.value.trim()) {
    check();
  }
}());
