// Drag and drop to reorder questions; the up/down buttons do the same
// without JavaScript. A drop posts the builder's move_to operation.
(function () {
  var lists = document.querySelectorAll('.builder-questions');
  var dragged = null;
  lists.forEach(function (list) {
    list.querySelectorAll(':scope > li.builder-question').forEach(function (item) {
      item.setAttribute('draggable', 'true');
      item.addEventListener('dragstart', function (e) {
        dragged = item;
        e.dataTransfer.effectAllowed = 'move';
      });
      item.addEventListener('dragover', function (e) {
        if (dragged && dragged.parentNode === item.parentNode) e.preventDefault();
      });
      item.addEventListener('drop', function (e) {
        e.preventDefault();
        if (!dragged || dragged === item || dragged.parentNode !== item.parentNode) return;
        var form = item.querySelector('form');
        if (!form) return;
        var body = new URLSearchParams();
        body.set('csrf_token', form.querySelector('input[name=csrf_token]').value);
        body.set('revision', form.querySelector('input[name=revision]').value);
        body.set('op', 'move_to');
        body.set('at', dragged.getAttribute('data-at'));
        body.set('to', item.getAttribute('data-index'));
        fetch(form.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin' })
          .then(function () { window.location.reload(); });
      });
    });
  });
})();
