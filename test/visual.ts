// What "readable" means, checked in a real browser on whatever page is open: no horizontal overflow, no
// visible text under 10 px (SVG text measured at its drawn scale), no two chart labels overlapping, and
// no chart label cut off at its chart's edge. Shared by the dashboard's and the report's browser tests.
import type { Page } from "playwright-core";

export const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

export const MIN_TEXT_PX = 10;

/** Every problem found on the page, each a line that says where. Empty when the page reads well. */
export async function readabilityProblems(page: Page): Promise<string[]> {
  return page.evaluate((minPx) => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push(`horizontal overflow: the page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);

    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== "hidden" && Number(style.opacity) > 0;
    };
    const describe = (el: Element) => {
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      const chart = el.closest("[data-chart]")?.getAttribute("data-chart") ?? el.closest("figure")?.querySelector("figcaption")?.textContent?.slice(0, 30);
      return `'${text}'${chart ? ` in ${chart}` : ""}`;
    };

    // HTML text: the computed size of every element that holds text directly.
    for (const el of document.body.querySelectorAll("*")) {
      if (el instanceof SVGElement) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
      if (!own || !visible(el)) continue;
      const px = Number.parseFloat(getComputedStyle(el).fontSize);
      if (px < minPx - 0.01) problems.push(`text of ${px.toFixed(1)} px: ${describe(el)}`);
    }

    // SVG text: size at the drawn scale, overlaps within each picture, and anything cut at its edge.
    for (const svg of document.querySelectorAll("svg")) {
      if (!visible(svg)) continue;
      const box = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll("text")].filter((t) => (t.textContent ?? "").trim() !== "" && visible(t));
      const rects = texts.map((t) => t.getBoundingClientRect());
      texts.forEach((t, i) => {
        const scale = t.getScreenCTM()?.a ?? 1;
        const px = Number.parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < minPx - 0.01) problems.push(`chart text of ${px.toFixed(1)} px: ${describe(t)}`);
        const r = rects[i];
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) problems.push(`chart text cut at the edge: ${describe(t)}`);
      });
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const a = rects[i];
          const b = rects[j];
          // 1 px of slack: glyph boxes include line spacing.
          const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (overlapX > 1 && overlapY > 1) problems.push(`overlapping labels: ${describe(texts[i])} and ${describe(texts[j])}`);
        }
      }
    }
    return problems;
  }, MIN_TEXT_PX);
}
