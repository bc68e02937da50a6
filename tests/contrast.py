"""The contrast of what a page draws, measured from its computed styles (WCAG 2.2): every
visible piece of text against the ground it is drawn on, and the colours of the level badges.
Shared by the report's and the app's browser tests, in the light scheme and in the dark."""

from __future__ import annotations

#: ``contrast``, ``luminance`` and ``ground`` (the opaque colour an element is drawn on: its own
#: background and its ancestors', laid over one another, over the canvas), for the checks below
HELPERS = """
const rgba = (text) => {
    const v = (text.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
    return v.length === 3 ? [...v, 1] : v;
};
const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
const luminance = ([r, g, b]) => {
    const linear = (c) => {
        c /= 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
};
const contrast = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
};
const canvas = () => {
    for (const e of [document.body, document.documentElement]) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] === 1) return c.slice(0, 3);
    }
    return matchMedia("(prefers-color-scheme: dark)").matches && !matchMedia("print").matches
        ? [18, 18, 18] : [255, 255, 255];
};
const ground = (node) => {
    const layers = [];
    for (let e = node; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] === 1) break;
    }
    let colour = layers.length && layers[layers.length - 1][3] === 1 ? layers.pop().slice(0, 3) : canvas();
    while (layers.length) colour = over(layers.pop(), colour);
    return colour;
};
"""

#: every element that shows text of its own (not inside an SVG picture, not disabled, not
#: hidden off-screen) whose text is below 4.5:1 on its ground, or 3:1 when large (24 px, or
#: 18.66 px bold); each as [its text, its ratio, the least it needs, its colour, its ground]
LOW_CONTRAST_JS = (
    "() => {"
    + HELPERS
    + """
    const low = [];
    for (const e of document.body.querySelectorAll("*")) {
        if (e.closest("svg, script, style, [hidden], :disabled, [aria-disabled=true]")) continue;
        const own = [...e.childNodes].filter((n) => n.nodeType === 3 && n.data.trim()).map((n) => n.data.trim()).join(" ");
        if (!own) continue;
        const s = getComputedStyle(e);
        const box = e.getBoundingClientRect();
        if (s.visibility !== "visible" || box.width <= 1 || box.height <= 1 || !e.getClientRects().length) continue;
        if (parseFloat(s.opacity) === 0) continue;
        const back = ground(e);
        const fore = over(rgba(s.color), back);
        const size = parseFloat(s.fontSize);
        const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
        const need = large ? 3 : 4.5;
        const ratio = contrast(fore, back);
        if (ratio < need - 0.005) low.push([own.slice(0, 60), +ratio.toFixed(2), need, s.color, back.map(Math.round).join(",")]);
    }
    return low;
}"""
)

#: the page's own colours: its text's and its ground's luminance (0 black, 1 white)
PAGE_COLOURS_JS = (
    "() => {"
    + HELPERS
    + """
    const s = getComputedStyle(document.body);
    return {text: luminance(over(rgba(s.color), ground(document.body))), ground: luminance(ground(document.body))};
}"""
)

#: each level badge's name (its level-… class) and its background colour, with that colour's
#: contrast against the ground round the badge
BADGES_JS = (
    "(selector) => {"
    + HELPERS
    + """
    return [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length).map((e) => {
        const level = [...e.classList].find((c) => c.startsWith("level-"));
        const fill = rgba(getComputedStyle(e).backgroundColor).slice(0, 3);
        return [level, fill.join(","), contrast(fill, ground(e.parentElement))];
    });
}"""
)

#: the contrast of a colour ``property`` of each element matching a selector against the
#: ground it is drawn on (an SVG's lines and outlines against the picture's ground)
STROKES_JS = (
    "([selector, property]) => {"
    + HELPERS
    + """
    return [...document.querySelectorAll(selector)].map((e) => {
        const host = e.closest("svg");
        return contrast(rgba(getComputedStyle(e)[property]).slice(0, 3), ground(host));
    });
}"""
)

#: the contrast of a field's placeholder (its example text, drawn inside it) on the field
PLACEHOLDER_JS = (
    "(selector) => {"
    + HELPERS
    + """
    const e = document.querySelector(selector);
    const back = ground(e);
    return contrast(over(rgba(getComputedStyle(e, "::placeholder").color), back), back);
}"""
)

#: the focused element's ring: its tag, its style, its width, and its colour's contrast on the
#: ground round the element (the ring is drawn outside it)
RING_JS = (
    "() => {"
    + HELPERS
    + """
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const ring = rgba(s.outlineColor).slice(0, 3);
    return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth), contrast(ring, ground(e.parentElement))];
}"""
)

#: every element's text colour and background colour, in document order (the printout's
#: colours under one scheme are compared with its colours under the other)
ALL_COLOURS_JS = """() => [...document.body.querySelectorAll("*")].map((e) => {
    const s = getComputedStyle(e);
    return [e.tagName, s.color, s.backgroundColor, s.borderLeftColor, s.fill, s.stroke].join(" ");
})"""


def is_dark(colours: dict[str, float]) -> bool:
    """A dark page: light text on a dark ground."""
    return colours["ground"] < 0.05 and colours["text"] > 0.6
