// Moving through the training order: after batch B−1 of epoch e comes batch 0 of epoch e+1.

import type { BatchSource } from './data-source';
import type { OrderPosition } from './frame';

export function nextInOrder(position: OrderPosition, batchesPerEpoch: number): OrderPosition {
  return position.batch + 1 >= batchesPerEpoch ? { epoch: position.epoch + 1, batch: 0 } : { epoch: position.epoch, batch: position.batch + 1 };
}

/** The order position after a batch from `source` ran, starting from `order`: only order batches advance it. */
export function orderAfter(source: BatchSource, order: OrderPosition, batchesPerEpoch: number): OrderPosition {
  return source.kind === 'order' ? nextInOrder({ epoch: source.epoch, batch: source.batch }, batchesPerEpoch) : order;
}

/** Did a batch from `source` finish its epoch? */
export function endsEpoch(source: BatchSource, batchesPerEpoch: number): boolean {
  return source.kind === 'order' && source.batch === batchesPerEpoch - 1;
}
