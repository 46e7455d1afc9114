/** The programme's municipalities; "otro" covers the new ones the second stage reaches. */
export const municipalities = [
  { id: 'segovia', name: 'Segovia', department: 'Antioquia' },
  { id: 'remedios', name: 'Remedios', department: 'Antioquia' },
  { id: 'el-bagre', name: 'El Bagre', department: 'Antioquia' },
  { id: 'zaragoza', name: 'Zaragoza', department: 'Antioquia' },
  { id: 'san-roque', name: 'San Roque', department: 'Antioquia' },
  { id: 'mongua', name: 'Mongua', department: 'Boyacá' },
  { id: 'gameza', name: 'Gámeza', department: 'Boyacá' },
  { id: 'sogamoso', name: 'Sogamoso', department: 'Boyacá' },
  { id: 'topaga', name: 'Tópaga', department: 'Boyacá' },
  { id: 'paipa', name: 'Paipa', department: 'Boyacá' },
  { id: 'otro', name: 'Otro', department: null },
] as const

export type MunicipalityId = (typeof municipalities)[number]['id']
export const municipalityIds = municipalities.map((m) => m.id) as [MunicipalityId, ...MunicipalityId[]]
