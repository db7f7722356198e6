import type { FeatureModule } from '../../module/feature-module.js';
import { Device, DeviceAllocation, SupportTicket } from './device.entity.js';
import { DeviceLoanResolver, DeviceResolver } from './device.resolver.js';

export const devicesModule: FeatureModule = {
  entities: [Device, DeviceAllocation, SupportTicket],
  resolvers: [DeviceResolver, DeviceLoanResolver],
};
