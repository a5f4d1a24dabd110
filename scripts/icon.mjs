// Makes the extension's icon (resources/icon.png, 256×256, shown on the extension page, in the
// Extensions view and on the Marketplace / Open VSX) from the activity bar icon, resources/aar.svg:
// its strokes in white on a rounded square, drawn by headless Chromium (scripts/browser.mjs).
//
//   node scripts/icon.mjs        (run again after changing resources/aar.svg, and commit the PNG)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { repoRoot } from './code-server.mjs';

const SIZE = 256;
const BACKGROUND = '#1f5f8b'; // a calm blue that reads on light and dark themes
const source = readFileSync(path.join(repoRoot, 'resources', 'aar.svg'), 'utf8');
// The activity bar icon draws in the theme's colour (currentColor); here in white, a little bolder.
const glyph = source.replace('stroke="currentColor"', 'stroke="#ffffff"').replace('stroke-width="1.6"', 'stroke-width="1.7"');
const html = `<!DOCTYPE html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:${SIZE * 0.18}px;background:${BACKGROUND};display:flex;align-items:center;justify-content:center">
<div style="width:${SIZE * 0.72}px;height:${SIZE * 0.72}px">${glyph.replace('width="24" height="24"', 'width="100%" height="100%"')}</div>
</div></body></html>`;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(html);
  const out = path.join(repoRoot, 'resources', 'icon.png');
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  process.stdout.write(`${path.relative(process.cwd(), out)}\n`);
} finally {
  await browser.close();
}
