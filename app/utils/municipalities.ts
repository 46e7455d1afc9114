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

/** Lower-case, accents removed, spaces trimmed: «TÓPAGA» and «tópaga» → «topaga». */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
}

/** Accents, case, hyphens and repeated spaces do not matter: «El-Bagre», «el  bagre». */
const municipalityKey = (s: string) => foldText(s).replace(/[\s\-_.]+/g, ' ')
const municipalityByKey = new Map<string, MunicipalityId>(
  municipalities.flatMap((m) => [[municipalityKey(m.name), m.id] as const, [municipalityKey(m.id), m.id] as const]),
)

/** The programme's municipality written in a list («Tópaga», «TOPAGA», «topaga»), or null. */
export function findMunicipality(written: string): MunicipalityId | null {
  return municipalityByKey.get(municipalityKey(written)) ?? null
}

export function municipalityName(id: string): string {
  return municipalities.find((m) => m.id === id)?.name ?? id
}
