/*
 * The wiki's upload form: while htmx sends the file, fill the form's
 * <progress> bar. The form works without this file (and without htmx).
 *
 *   form[data-upload-progress] > progress   shows how much has been sent
 */
(function () {
  "use strict";

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("form[data-upload-progress]");
    if (!form || !event.detail || !event.detail.lengthComputable) return;
    var bar = form.querySelector("progress");
    if (!bar || !event.detail.total) return;
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });
})();
