import { useId } from 'react'
import { useTranslation } from 'react-i18next'

type FieldProps = {
  name: string
  label: string
  hint?: string
  /** An i18n key from the "auth"/"common" namespaces, translated here. */
  error?: string
  ns?: string
} & React.InputHTMLAttributes<HTMLInputElement>

/** A labelled input whose error message sits right under it and is announced with it. */
export function Field({ name, label, hint, error, ns = 'auth', type = 'text', ...input }: FieldProps) {
  const { t } = useTranslation(ns)
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} type={type} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

type SelectFieldProps = {
  name: string
  label: string
  error?: string
  ns?: string
  options: { value: string; label: string }[]
} & React.SelectHTMLAttributes<HTMLSelectElement>

export function SelectField({ name, label, error, options, ns = 'auth', ...select }: SelectFieldProps) {
  const { t } = useTranslation(ns)
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}

export function CheckField({
  name,
  label,
  error,
  ns = 'auth',
  ...input
}: { name: string; label: React.ReactNode; error?: string; ns?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useTranslation(ns)
  const id = useId()
  return (
    <div className="field">
      <div className="check">
        <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  )
}
