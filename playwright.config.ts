import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

// Debian's chromium: `npx playwright install` cannot download on this machine.
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p))
const port = Number(process.env.E2E_PORT ?? 3999)
// Set once in the main process; workers inherit it, so fixtures write to the server's file.
process.env.E2E_DATABASE_PATH ??= `tests/.tmp/e2e-${Date.now()}.db`
const databasePath = process.env.E2E_DATABASE_PATH

export default defineConfig({
  testDir: './tests/e2e',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'es-CO',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], locale: 'es-CO' } }],
  webServer: {
    // The built app on a throwaway database (the build runs in `npm run test:e2e`).
    command: 'node server/index.js',
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      E2E_DATABASE_PATH: databasePath,
      PUBLIC_BASE_URL: `http://localhost:${port}`,
    },
  },
})
