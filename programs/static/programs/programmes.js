// Programme pages: say so when a change could not reach the server (htmx does not swap errors).
(function () {
  function showProblem(text) {
    var region = document.getElementById("gw-request-problem");
    if (!region) {
      region = document.createElement("div");
      region.id = "gw-request-problem";
      region.className = "alert alert-danger";
      region.setAttribute("role", "alert");
      var main = document.getElementById("main");
      main.insertBefore(region, main.firstChild);
    }
    region.textContent = text;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    showProblem(
      status === 403 || status === 404
        ? "That change is not allowed or the page is out of date. Reload the page."
        : "The change could not be saved (error " + status + "). Reload the page and try again."
    );
  });
  document.addEventListener("htmx:sendError", function () {
    showProblem("The server could not be reached; nothing was saved. Check the connection and try again.");
  });
})();
