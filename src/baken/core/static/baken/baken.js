// Small progressive enhancements; every page also works without this file.
(function () {
  "use strict";

  function filterIndicatoren(invoer) {
    var term = invoer.value.trim().toLowerCase();
    var doel = document.getElementById(invoer.getAttribute("aria-controls"));
    if (!doel) return;
    var zichtbaar = 0;
    doel.querySelectorAll("[data-zoektekst]").forEach(function (rij) {
      var past = !term || rij.getAttribute("data-zoektekst").indexOf(term) !== -1;
      rij.hidden = !past;
      if (past) zichtbaar += 1;
    });
    var teller = document.getElementById(invoer.id + "-aantal");
    if (teller) teller.textContent = zichtbaar + (zichtbaar === 1 ? " signaal gevonden" : " signalen gevonden");
  }

  function toonAcuut() {
    var vak = document.getElementById("id_acuut_gevaar");
    var uitleg = document.getElementById("acuut-uitleg");
    if (vak && uitleg) uitleg.hidden = !vak.checked;
  }

  function dubbelKlikVoorkomen(formulier) {
    formulier.addEventListener("submit", function () {
      window.setTimeout(function () {
        formulier.querySelectorAll("button[type=submit]").forEach(function (knop) {
          knop.disabled = true;
        });
      }, 0);
    });
  }

  // In a long form, Enter in a text field would "click" the first submit button: on the
  // melden form that is "+ Persoon". Enter in a field does nothing there; buttons still work.
  var GEEN_VERZENDKNOP = /^(submit|button|reset|image)$/i;
  function enterVerzendtNiet(formulier) {
    formulier.addEventListener("keydown", function (gebeurtenis) {
      var doel = gebeurtenis.target;
      if (gebeurtenis.key === "Enter" && doel.tagName === "INPUT" && !GEEN_VERZENDKNOP.test(doel.type)) {
        gebeurtenis.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, start at the list of errors (it is also announced: role=alert).
    var fouten = document.querySelector(".foutsamenvatting[tabindex]");
    if (fouten) fouten.focus();
    document.querySelectorAll("form[data-geen-enter]").forEach(enterVerzendtNiet);
    document.querySelectorAll("[data-indicator-zoeken]").forEach(function (invoer) {
      invoer.addEventListener("input", function () { filterIndicatoren(invoer); });
    });
    var acuut = document.getElementById("id_acuut_gevaar");
    if (acuut) {
      acuut.addEventListener("change", toonAcuut);
      toonAcuut();
    }
    document.querySelectorAll("form[data-eenmalig]").forEach(dubbelKlikVoorkomen);
  });

  // Back to a page from the browser's cache: its buttons must work again.
  window.addEventListener("pageshow", function (gebeurtenis) {
    if (!gebeurtenis.persisted) return;
    document.querySelectorAll("form[data-eenmalig] button[type=submit]").forEach(function (knop) {
      knop.disabled = false;
    });
  });
})();
