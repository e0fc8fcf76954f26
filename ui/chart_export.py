"""Every chart downloads for a slide, in the browser, offline: Plotly's own camera button saves a PNG and a
second button beside it saves an SVG, both drawn client-side by plotly.js (no Kaleido, no server round trip,
no network), at a projector's size. ui.plot passes config() to every chart; app.py calls install() once
per run."""

import re

import streamlit as st

SLIDE = (1366, 768)  # px: a projector's screen; a taller chart keeps its own height
SCALE = 2  # a PNG sharp enough for a slide shown full screen

# Plotly's camera button reads gd._context.toImageButtonOptions when clicked: the SVG button switches its
# format for that one click. A MutationObserver adds the button to every modebar Plotly (re)draws. No "<" and
# a letter inside the script: Streamlit's sanitiser (DOMPurify) drops a script whose text has one.
_SCRIPT = """<div hidden></div><script>(() => {
window.latentLabSvgTitle = %s;  // the session's language, updated every run
document.querySelectorAll(".latent-lab-svg").forEach(b => { b.dataset.title = window.latentLabSvgTitle; });
if (window.latentLabExport) return;
window.latentLabExport = true;
const add = () => document.querySelectorAll(".js-plotly-plot .modebar").forEach(bar => {
  const camera = [...bar.querySelectorAll(".modebar-btn")].find(a => /PNG/.test(a.dataset.title || ""));
  if (!camera || bar.querySelector(".latent-lab-svg")) return;
  const svg = camera.cloneNode(true);
  svg.classList.add("latent-lab-svg");
  svg.dataset.title = window.latentLabSvgTitle;
  svg.replaceChildren(Object.assign(document.createElement("span"), {textContent: "SVG"}));
  svg.firstChild.style.cssText = "font: bold 9px sans-serif; line-height: 14px";
  svg.addEventListener("click", event => {
    event.preventDefault();
    const gd = bar.closest(".js-plotly-plot");
    const options = gd._context.toImageButtonOptions;
    const kept = options.format;
    options.format = "svg";
    try { camera.dispatchEvent(new MouseEvent("click", {bubbles: true})); } finally { options.format = kept; }
  });
  camera.after(svg);
});
new MutationObserver(add).observe(document.body, {childList: true, subtree: true});
add();
})()</script>"""


def config(key: str | None, fig) -> dict:
    """Plotly's config for one chart: PNG export at slide size (2× pixels), named after the chart."""
    height = fig.layout.height if isinstance(fig.layout.height, (int, float)) else 0
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", key or "chart")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": f"latent-lab_{name}",
            "width": SLIDE[0],
            "height": max(SLIDE[1], int(height)),
            "scale": SCALE,
        },
    }


def install(title: str) -> None:
    """The SVG button's script, once per browser tab (it guards itself; the element itself is invisible)."""
    import json

    st.html(_SCRIPT % json.dumps(title), unsafe_allow_javascript=True)
