/** Timestamps as people read them; the ISO text stays in the files. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO 8601 timestamp as a short readable date and time ("1 Dec 2026, 13:50"), in the
 * local time zone unless `utc`. Text that is not a date is returned unchanged.
 */
export function readableDate(iso: string, utc = false): string {
  const time = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso.trim()) || Number.isNaN(time)) return iso;
  const d = new Date(time);
  const [day, month, year, hours, minutes] = utc
    ? [d.getUTCDate(), d.getUTCMonth(), d.getUTCFullYear(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getDate(), d.getMonth(), d.getFullYear(), d.getHours(), d.getMinutes()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day} ${MONTHS[month]} ${year}, ${two(hours)}:${two(minutes)}`;
}
