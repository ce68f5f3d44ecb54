// Marks every image once the browser has decoded it (data-loaded = its natural width in pixels),
// so that a headless browser's DOM dump shows which figures really rendered (tests/test_docs.py).
window.addEventListener("load", function () {
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-loaded", img.complete ? String(img.naturalWidth) : "0");
  });
  document.body.setAttribute("data-images-checked", "1");
});
