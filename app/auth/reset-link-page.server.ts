import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { requireCohortAccess } from '#app/cohorts/guards.server.ts'
import { newSubmissionKey } from '#app/cohorts/card-batches.server.ts'
import { qrDataUrl } from '#app/cohorts/login-card-qr.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { formatDateTime } from '#app/utils/dates.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'
import { forbidden, notFound } from '#app/utils/http.server.ts'
import { requireUserWithRole } from './guards.server.ts'
import { hitLimit } from './limits.server.ts'
import { checkHandover, createHandoverLink, readHandoverResult, type ResetActor } from './reset-links.server.ts'

// The two pages that create a handover link: /admin/usuarios/:usuario/enlace (administrators,
// anyone) and /formacion/grupos/:grupo/participantes/:usuario/enlace (the cohort's trainers,
// its learners). GET explains and offers the button; POST creates the link and redirects to
// GET ?resultado=… (a sealed key), which shows the link once, on a printable card.

export type HandoverPlace = { userId: string; cohortId?: string }

function guard(request: Request, context: AppLoadContext, grupo: string | undefined, usuario: string | undefined) {
  if (grupo === undefined) {
    const actor = requireUserWithRole(request, context, ['admin'])
    return { actor, place: { userId: usuario ?? '' } as HandoverPlace, here: `/admin/usuarios/${encodeURIComponent(usuario ?? '')}/enlace` }
  }
  const { user, cohort } = requireCohortAccess(request, context, grupo)
  return {
    actor: user,
    place: { userId: usuario ?? '', cohortId: cohort.id } as HandoverPlace,
    here: `/formacion/grupos/${cohort.id}/participantes/${encodeURIComponent(usuario ?? '')}/enlace`,
    cohortName: cohort.name,
  }
}

/** The person the link is for, or 403/404; an inactive account is shown with the reason (no button). */
function targetFor(actor: ResetActor, place: HandoverPlace) {
  const check = checkHandover(actor, place.userId, { cohortId: place.cohortId })
  if (!check.ok && check.reason === 'forbidden') forbidden()
  if (!check.ok && check.reason === 'notFound') notFound()
  return check
}

export async function loadHandoverPage(request: Request, context: AppLoadContext, params: { grupo?: string; usuario?: string }) {
  const { actor, place, here, cohortName } = guard(request, context, params.grupo, params.usuario)
  const check = targetFor(actor, place)
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'admin')
  const sealed = new URL(request.url).searchParams.get('resultado')
  const result = sealed ? readHandoverResult(sealed, { actorId: actor.id, userId: place.userId, cohortId: place.cohortId }) : null
  const person = check.ok
    ? {
        id: check.target.id,
        fullName: check.target.fullName,
        username: check.target.username,
        email: check.target.email,
        role: check.target.role,
        secretKind: check.target.secretKind,
      }
    : null
  return {
    title: t('resetLink.title'),
    person,
    inactive: !check.ok,
    back: place.cohortId
      ? { to: `/formacion/grupos/${place.cohortId}/participantes/${encodeURIComponent(place.userId)}`, label: person?.fullName ?? cohortName ?? '' }
      : { to: `/admin/usuarios/${encodeURIComponent(place.userId)}`, label: person?.fullName ?? '' },
    action: here,
    submissionKey: newSubmissionKey(),
    result:
      result?.state === 'show'
        ? { state: 'show' as const, url: result.url, qr: await qrDataUrl(result.url), expiresOn: formatDateTime(result.expiresAt, lng) }
        : result
          ? { state: result.state }
          : null,
  }
}

export async function handoverAction(request: Request, context: AppLoadContext, params: { grupo?: string; usuario?: string }) {
  const { actor, place, here } = guard(request, context, params.grupo, params.usuario)
  const form = await readFormData(request)
  // A plain button posting here (the admin user page) sends no intent: that is «create».
  const intent = String(form.get('intent') ?? 'create')
  if (intent !== 'create') throw new Response('Bad request', { status: 400 })
  const check = targetFor(actor, place)
  if (!check.ok) return data({ error: 'inactive' as const, waitMinutes: 0 }, { status: 409 })
  const waitMinutes = await hitLimit('resetLinkCreate', actor.id)
  if (waitMinutes) return data({ error: 'tooMany' as const, waitMinutes }, { status: 429 })
  const created = createHandoverLink(actor, place.userId, { cohortId: place.cohortId, submissionKey: String(form.get('submissionKey') ?? '') || undefined })
  if (!created.ok && created.reason === 'forbidden') forbidden()
  if (!created.ok && created.reason === 'notFound') notFound()
  if (!created.ok) return data({ error: 'inactive' as const, waitMinutes: 0 }, { status: 409 })
  throw redirect(`${here}?resultado=${created.result}`)
}
