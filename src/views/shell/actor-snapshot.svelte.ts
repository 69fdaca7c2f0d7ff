// The one runes adapter between an actor and a component: every screen (Debugger,
// Training, a lesson, the dev harness) reads its actor through it. `actor.subscribe`
// does not emit the current snapshot, so it starts from getSnapshot() and reads it again
// once subscribed; the actor is started when the component mounts (a no-op if it already
// runs) and stopped when it unmounts.

export interface ActorLike<S> {
  getSnapshot(): S;
  subscribe(observer: (snapshot: S) => void): { unsubscribe(): void };
  start(): unknown;
  stop(): unknown;
}

/** A component's live view of `actor`. Call while the component initialises; `onStart` runs once it has started and may return its own clean-up. */
export function actorSnapshot<S>(actor: ActorLike<S>, onStart?: () => (() => void) | void): { readonly current: S } {
  let snapshot = $state.raw(actor.getSnapshot());
  $effect(() => {
    const subscription = actor.subscribe((next) => (snapshot = next));
    actor.start();
    snapshot = actor.getSnapshot();
    const cleanUp = onStart?.();
    return () => {
      subscription.unsubscribe();
      cleanUp?.();
      actor.stop();
    };
  });
  return {
    get current() {
      return snapshot;
    },
  };
}
