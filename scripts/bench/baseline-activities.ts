/** No-op steps named like the triage activities; `notify` reports when a workflow reached the end. */
export function createBaselineActivities(onNotify: (number: number) => void) {
  return {
    async loadState(_number: number) { return null; },
    async dedupe(deliveryId: string) { return deliveryId; },
    async validate(_deliveryId: string) { return undefined; },
    async embed(_deliveryId: string) { return { reused: false }; },
    async findNearDuplicates(_number: number) { return []; },
    async classify(_deliveryId: string) { return { category: 'bug' }; },
    async persist(_deliveryId: string) { return undefined; },
    async notify(number: number) {
      onNotify(number);
      return { published: true };
    },
    async writeBackWithoutCredentials(_number: number) { return { status: 'dry-run' }; },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
