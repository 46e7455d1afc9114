// Creates the first administrator (or another one):
//   npm run create-admin -- --email ana@alcaldia.gov.co --name "Ana Pérez" [--municipality segovia]
// The password is read from ADMIN_PASSWORD or asked for on the terminal.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { registerAccount } from '#app/auth/accounts.server.ts'
import { EmailSchema, FullNameSchema, PasswordSchema } from '#app/auth/validation.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, municipality: { type: 'string', default: 'otro' } },
})

async function askPassword() {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  const password = await rl.question('Contraseña (al menos 10 caracteres): ')
  rl.close()
  return password
}

const Input = z.object({
  email: EmailSchema,
  name: FullNameSchema,
  municipality: z.enum(municipalityIds),
  password: PasswordSchema,
})

const parsed = Input.safeParse({ ...values, password: await askPassword() })
if (!parsed.success) {
  console.error('No se creó el administrador:')
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`)
  console.error('Uso: npm run create-admin -- --email correo@dominio.co --name "Nombre Apellido" [--municipality segovia]')
  process.exit(1)
}
const { email, name, municipality, password } = parsed.data
const result = await registerAccount({ email, password, fullName: name, municipality, gender: null, profile: 'other', role: 'admin' })
if (!result.ok) {
  console.error(`No se creó el administrador: ya existe una cuenta con el correo ${email}.`)
  process.exit(1)
}
console.log(`Administrador creado: ${email} (base de datos ${process.env.DATABASE_PATH ?? './data/aula.db'})`)
