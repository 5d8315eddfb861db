// x-upstream-differs explains, in one line, why our description departs from the reference.
export default function upstreamDiffers(value) {
  if (value === undefined) return [];
  if (typeof value !== 'string' || value.trim().length < 10) {
    return [{ message: 'x-upstream-differs must be a sentence saying what differs from the reference and why.' }];
  }
  return [];
}
