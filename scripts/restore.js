// `npm run restore -- FILE`: puts a copy made by `npm run backup` in place of the database.
// Stop the service first; the current database is kept aside in BACKUP_DIR (server/backup.js).
import { parseConfig } from '../server/config.js'
import { restoreDatabase } from '../server/backup.js'

const from = process.argv[2]
if (!from || process.argv.length > 3) {
  console.error('Uso: npm run restore -- data/copias/aula-AAAA-MM-DDTHH-MM-SSZ.db   (con el servicio detenido)')
  process.exit(2)
}
try {
  const config = parseConfig(process.env)
  const result = await restoreDatabase({ databasePath: config.DATABASE_PATH, from, backupDir: config.BACKUP_DIR })
  console.log(`Restaurada ${result.restored} desde ${result.from} (PRAGMA integrity_check: ok).`)
  if (result.safety) console.log(`La base de datos anterior quedó guardada en ${result.safety}.`)
  console.log('Inicie el servidor (sudo systemctl start aula, o docker start aula): al arrancar aplica las migraciones que falten.')
} catch (error) {
  console.error(`No se restauró: ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
