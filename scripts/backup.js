// `npm run backup`: an online copy of the live database into BACKUP_DIR, keeping the newest
// BACKUP_KEEP (server/backup.js). Safe while the server runs. Prints the copy, its size and time.
import { parseConfig } from '../server/config.js'
import { backupDatabase } from '../server/backup.js'

const mb = (bytes) => `${(bytes / 1024 / 1024).toLocaleString('es-CO', { maximumFractionDigits: 1 })} MB`
const seconds = (ms) => `${(ms / 1000).toLocaleString('es-CO', { maximumFractionDigits: 2 })} s`

try {
  const config = parseConfig(process.env)
  const result = await backupDatabase({ databasePath: config.DATABASE_PATH, backupDir: config.BACKUP_DIR, keep: config.BACKUP_KEEP })
  console.log(`Copia de seguridad: ${result.file}`)
  console.log(`  ${mb(result.bytes)} en ${seconds(result.ms)} (copia ${seconds(result.copiedMs)}; PRAGMA integrity_check: ${result.integrity})`)
  console.log(`  Se conservan las ${config.BACKUP_KEEP} más recientes${result.removed.length ? `; borradas: ${result.removed.join(', ')}` : ''}.`)
} catch (error) {
  console.error(`No se hizo la copia: ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
