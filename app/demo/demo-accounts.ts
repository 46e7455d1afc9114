/** Demo accounts, printed by `npm run demo`; they never go into a production database. */
export const demoAccounts = [
  {
    role: 'admin',
    profile: 'other',
    fullName: 'Adriana Demo Administradora',
    email: 'admin@demo.somostesoro.co',
    password: 'demo-admin-2026',
    municipality: 'otro',
  },
  {
    role: 'trainer',
    profile: 'other',
    fullName: 'Fernando Demo Formador',
    email: 'formador@demo.somostesoro.co',
    password: 'demo-formador-2026',
    municipality: 'segovia',
  },
  {
    role: 'learner',
    profile: 'official',
    fullName: 'Luisa Demo Funcionaria',
    email: 'funcionaria@demo.somostesoro.co',
    password: 'demo-funcionaria-2026',
    municipality: 'sogamoso',
    gender: 'female',
    birthYear: 1984,
  },
  {
    role: 'learner',
    profile: 'miner',
    fullName: 'Jaime Demo Minero',
    username: 'jaime.demo',
    pin: '246810',
    municipality: 'remedios',
    gender: 'male',
    birthYear: 1976,
  },
] as const
