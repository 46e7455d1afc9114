// Screenshots of pages at phone and desktop width, for looking at what we build:
//   tsx scripts/screenshot.ts http://localhost:3000/ /ingresar /registro
import { chromium } from '@playwright/test'

const [base = 'http://localhost:3000', ...paths] = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
for (const [label, viewport] of [
  ['phone', { width: 360, height: 800 }],
  ['desktop', { width: 1280, height: 900 }],
] as const) {
  const page = await browser.newPage({ viewport, locale: process.env.SCREENSHOT_LOCALE ?? 'es-CO' })
  for (const path of paths.length ? paths : ['/']) {
    await page.goto(new URL(path, base).href)
    const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'
    await page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true })
  }
  await page.close()
}
await browser.close()
