// What is wrong with a batch of MNIST images that runs past the end of its set, said as the
// screens count (images from 1) and with the set's size written in full ("60,000 images").
import { grouped, plural } from '../format';
import { labelOf, labelRange } from '../notation/indices';

/** "--start 60,000 --size 3: the training set has 60,000 images (1 … 60,000); the last batch of 3 starts at 59,998". */
export function imagesPastTheEnd(flags: { start: number; size: number; sizeFlag: string }, set: { name: string; count: number }): string {
  const { start, size, sizeFlag } = flags;
  return (
    `--start ${grouped(labelOf('image', start))} ${sizeFlag} ${grouped(size)}: the ${set.name} set has ${plural(set.count, 'image')} ` +
    `(${labelRange('image', set.count, grouped)}); ` +
    `the last batch of ${grouped(size)} starts at ${grouped(labelOf('image', set.count - size))}`
  );
}
