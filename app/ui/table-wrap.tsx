/** A table that may scroll sideways on a phone: a named region that keyboard users can focus and scroll. */
export function TableWrap({ label, className = '', children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={`table-wrap ${className}`.trim()} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  )
}
