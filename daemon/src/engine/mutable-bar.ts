// The one bar object per symbol that drivers overwrite for every new bar (no allocation per bar).
// Indicators and strategies receive it as a read-only BarView and must copy what they keep.
import type { BarView } from '../indicators/indicator';

export class MutableBar implements BarView {
  time = NaN;
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  volume = NaN;
}
