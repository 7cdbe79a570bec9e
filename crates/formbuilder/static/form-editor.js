// The form editor's live preview while typing; the page's buttons work without it.
(function () {
  var area = document.getElementById('definition');
  var preview = document.getElementById('preview');
  var editor = document.getElementById('editor');
  if (!area || !preview || !editor) return;
  var token = editor.querySelector('input[name=csrf_token]').value;
  var url = editor.getAttribute('data-preview');
  var timer = null;
  area.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var body = new URLSearchParams();
      body.set('definition', area.value);
      body.set('csrf_token', token);
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (r) { return r.text(); })
        .then(function (html) { preview.innerHTML = html; });
    }, 400);
  });
})();
