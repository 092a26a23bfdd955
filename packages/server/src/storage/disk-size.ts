import type { CommandContext } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import type { DiskOfferingRow } from '../offerings/index.ts';
import { GiB } from './volumes.ts';

/** The size in bytes a disk offering gives: its own, or for a customised one `size` GB within the custom bounds. */
export async function diskSizeOf(ctx: CommandContext, offering: DiskOfferingRow, sizeGb: number | undefined): Promise<number> {
  if (offering.customized !== 1) {
    if (sizeGb !== undefined && sizeGb * GiB !== offering.disk_size) {
      throw errors.paramError(`Disk offering ${offering.name} has a fixed size of ${offering.disk_size / GiB} GB; size can only be given with a custom offering`);
    }
    return offering.disk_size;
  }
  if (sizeGb === undefined) throw errors.paramError(`Disk offering ${offering.name} is customised: give size in GB`);
  const [min, max] = [await ctx.settings.int('custom.diskoffering.size.min'), await ctx.settings.int('custom.diskoffering.size.max')];
  if (sizeGb < min || sizeGb > max) throw errors.paramError(`Invalid size ${sizeGb} GB: it must be between ${min} and ${max}`);
  return sizeGb * GiB;
}
