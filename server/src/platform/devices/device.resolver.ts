import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { UuidScalar } from '../../graphql/scalars.js';
import { ForbiddenError } from '../../common/errors.js';
import { Access } from '../../graphql/access.js';
import type { GraphqlContext } from '../../graphql/context.js';
import { LongText } from '../../graphql/input-guard.js';
import { BodyType } from '../bodies/body.type.js';
import { PersonType } from '../people/person.type.js';
import { Device, DeviceAllocation, SupportTicket, type AllocationEndReason, type DeviceState, type TicketStatus } from './device.entity.js';
import { importDevices, maxImportLength } from './device-import.js';
import {
  acceptLoanConvention,
  activeLoanOf,
  allocateDevice,
  deviceCountsByState,
  findDevice,
  insertDevices,
  officialsWithoutDevice,
  openSupportTicket,
  recordDeviceEvent,
  recordDeviceRepaired,
  resolveSupportTicket,
} from './device.service.js';
import {
  AllocationEndReasonEnum,
  DeviceImportResultType,
  DeviceInput,
  DeviceLoanType,
  DeviceStateCountType,
  DeviceStateEnum,
  DeviceType,
  OfficialsWithoutDeviceType,
  SupportTicketInput,
  SupportTicketType,
  TicketStatusEnum,
} from './device.type.js';

/** The coordinator's inventory of tablets, their loans and support; an official's own tablet. */
@Resolver(() => DeviceType)
export class DeviceResolver {
  @Query(() => [DeviceType], { description: 'The inventory, by serial number; optionally in one state.' })
  @Access('coordinator')
  async devices(
    @Arg('state', () => DeviceStateEnum, { nullable: true }) state: DeviceState | null | undefined,
    @Ctx() { platformEm }: GraphqlContext,
  ): Promise<DeviceType[]> {
    const devices = await platformEm.find(Device, state ? { state } : {}, { orderBy: { serialNumber: 'asc' } });
    return devices.map((device) => DeviceType.from(device));
  }

  @Query(() => DeviceType)
  @Access('coordinator')
  async device(@Arg('id', () => UuidScalar) id: string, @Ctx() { platformEm }: GraphqlContext): Promise<DeviceType> {
    return DeviceType.from(await findDevice(platformEm, id));
  }

  @Query(() => [DeviceStateCountType], { description: 'How many tablets are in each state.' })
  @Access('coordinator')
  async deviceCounts(@Ctx() { platformEm }: GraphqlContext): Promise<DeviceStateCountType[]> {
    return (await deviceCountsByState(platformEm)).map((count) => Object.assign(new DeviceStateCountType(), count));
  }

  @Query(() => [OfficialsWithoutDeviceType], { description: 'Per body, its officials who hold no tablet.' })
  @Access('coordinator')
  async officialsWithoutDevice(@Ctx() { platformEm }: GraphqlContext): Promise<OfficialsWithoutDeviceType[]> {
    return (await officialsWithoutDevice(platformEm)).map((group) =>
      Object.assign(new OfficialsWithoutDeviceType(), {
        body: BodyType.from(group.body),
        officials: group.officials.map((person) => PersonType.from(person)),
      }),
    );
  }

  @Query(() => DeviceLoanType, { nullable: true, description: "The caller's tablet, if they hold one." })
  @Access('authenticated')
  async myDevice(@Ctx() { platformEm, viewer }: GraphqlContext): Promise<DeviceLoanType | null> {
    const loan = await activeLoanOf(platformEm, viewer.requirePersonId());
    return loan ? DeviceLoanType.from(loan) : null;
  }

  @FieldResolver(() => DeviceLoanType, { nullable: true, description: 'Its active loan, if any.' })
  @Access('coordinator')
  async currentLoan(@Root() root: DeviceType, @Ctx() { platformEm }: GraphqlContext): Promise<DeviceLoanType | null> {
    const loan = await platformEm.findOne(DeviceAllocation, { device: root.id, endedAt: null }, { populate: ['device', 'person'] });
    return loan ? DeviceLoanType.from(loan) : null;
  }

  @FieldResolver(() => [DeviceLoanType], { description: 'Every loan of the tablet, latest first.' })
  @Access('coordinator')
  async loans(@Root() root: DeviceType, @Ctx() { platformEm }: GraphqlContext): Promise<DeviceLoanType[]> {
    const loans = await platformEm.find(
      DeviceAllocation,
      { device: root.id },
      { populate: ['device', 'person'], orderBy: { allocatedAt: 'desc' } },
    );
    return loans.map((loan) => DeviceLoanType.from(loan));
  }

  @FieldResolver(() => [SupportTicketType], { description: 'Its support tickets, latest first.' })
  @Access('coordinator')
  async tickets(@Root() root: DeviceType, @Ctx() { platformEm }: GraphqlContext): Promise<SupportTicketType[]> {
    const tickets = await platformEm.find(
      SupportTicket,
      { device: root.id },
      { populate: ['device', 'openedBy'], orderBy: { openedAt: 'desc' } },
    );
    return tickets.map((ticket) => SupportTicketType.from(ticket));
  }

  @Query(() => [SupportTicketType], { description: 'Support tickets, oldest first; optionally with one status.' })
  @Access('coordinator')
  async supportTickets(
    @Arg('status', () => TicketStatusEnum, { nullable: true }) status: TicketStatus | null | undefined,
    @Ctx() { platformEm }: GraphqlContext,
  ): Promise<SupportTicketType[]> {
    const tickets = await platformEm.find(SupportTicket, status ? { status } : {}, {
      populate: ['device', 'openedBy'],
      orderBy: { openedAt: 'asc' },
    });
    return tickets.map((ticket) => SupportTicketType.from(ticket));
  }

  @Query(() => [SupportTicketType], { description: 'The support tickets the caller opened, latest first; optionally with one status.' })
  @Access('authenticated')
  async mySupportTickets(
    @Arg('status', () => TicketStatusEnum, { nullable: true }) status: TicketStatus | null | undefined,
    @Ctx() { platformEm, viewer }: GraphqlContext,
  ): Promise<SupportTicketType[]> {
    const tickets = await platformEm.find(
      SupportTicket,
      { openedBy: viewer.requirePersonId(), ...(status ? { status } : {}) },
      { populate: ['device', 'openedBy'], orderBy: { openedAt: 'desc' } },
    );
    return tickets.map((ticket) => SupportTicketType.from(ticket));
  }

  @Mutation(() => DeviceType, { description: 'Adds a tablet to the inventory (serial numbers are unique, whatever their case).' })
  @Access('coordinator')
  async addDevice(@Arg('input', () => DeviceInput) input: DeviceInput, @Ctx() { platformEm }: GraphqlContext): Promise<DeviceType> {
    const [device] = await insertDevices(platformEm, [input]);
    return DeviceType.from(device!);
  }

  @Mutation(() => DeviceImportResultType, {
    description:
      'Imports an inventory file (CSV, `;` or `,`): header with « numéro de série », « modèle », and optionally « date d’achat », « notes ». All or nothing.',
  })
  @Access('coordinator')
  @LongText(maxImportLength)
  async importDevices(@Arg('csv') csv: string, @Ctx() { platformEm }: GraphqlContext): Promise<DeviceImportResultType> {
    const { devices, errors } = await importDevices(platformEm, csv);
    return Object.assign(new DeviceImportResultType(), { imported: devices.map((device) => DeviceType.from(device)), errors });
  }

  @Mutation(() => DeviceLoanType, {
    description:
      'Lends an in-stock tablet to an official and generates their loan convention. One active tablet per person across all bodies.',
  })
  @Access('coordinator')
  async allocateDevice(
    @Arg('deviceId', () => UuidScalar) deviceId: string,
    @Arg('personId', () => UuidScalar) personId: string,
    @Ctx() context: GraphqlContext,
  ): Promise<DeviceLoanType> {
    return DeviceLoanType.from(await allocateDevice(context, context.documents.storage, deviceId, personId));
  }

  @Mutation(() => DeviceType, {
    description: "RETURNED (back in stock), LOST, or REPAIR (in repair): ends the tablet's loan, if any, with that reason and the note.",
  })
  @Access('coordinator')
  async recordDeviceEvent(
    @Arg('deviceId', () => UuidScalar) deviceId: string,
    @Arg('event', () => AllocationEndReasonEnum) event: AllocationEndReason,
    @Arg('note', () => String, { nullable: true }) note: string | null | undefined,
    @Ctx() { platformEm }: GraphqlContext,
  ): Promise<DeviceType> {
    return DeviceType.from(await recordDeviceEvent(platformEm, deviceId, event, note?.trim().slice(0, 2000) || null));
  }

  @Mutation(() => DeviceType, { description: 'A repaired tablet goes back to stock.' })
  @Access('coordinator')
  async recordDeviceRepaired(
    @Arg('deviceId', () => UuidScalar) deviceId: string,
    @Ctx() { platformEm }: GraphqlContext,
  ): Promise<DeviceType> {
    return DeviceType.from(await recordDeviceRepaired(platformEm, deviceId));
  }

  @Mutation(() => DeviceLoanType, {
    description: 'The official accepts the loan convention of their tablet, naming the SHA-256 of the PDF they read.',
  })
  @Access('authenticated')
  async acceptLoanConvention(
    @Arg('loanId', () => UuidScalar) loanId: string,
    @Arg('conventionSha256') conventionSha256: string,
    @Ctx() context: GraphqlContext,
  ): Promise<DeviceLoanType> {
    return DeviceLoanType.from(await acceptLoanConvention(context, loanId, conventionSha256));
  }

  @Mutation(() => SupportTicketType, {
    description: 'A support ticket about a tablet: by the coordinator, or by the official who holds it.',
  })
  @Access('authenticated')
  async openSupportTicket(
    @Arg('deviceId', () => UuidScalar) deviceId: string,
    @Arg('input', () => SupportTicketInput) input: SupportTicketInput,
    @Ctx() context: GraphqlContext,
  ): Promise<SupportTicketType> {
    const ticket = await openSupportTicket(context, deviceId, input);
    return SupportTicketType.from(
      await context.platformEm.findOneOrFail(SupportTicket, { id: ticket.id }, { populate: ['device', 'openedBy'] }),
    );
  }

  @Mutation(() => SupportTicketType)
  @Access('coordinator')
  async resolveSupportTicket(
    @Arg('ticketId', () => UuidScalar) ticketId: string,
    @Arg('resolution') resolution: string,
    @Ctx() { platformEm }: GraphqlContext,
  ): Promise<SupportTicketType> {
    return SupportTicketType.from(await resolveSupportTicket(platformEm, ticketId, resolution.slice(0, 5000)));
  }
}

@Resolver(() => DeviceLoanType)
export class DeviceLoanResolver {
  @FieldResolver(() => String, { description: 'The loan convention (PDF), a link valid 5 minutes: for the official and the coordinator.' })
  @Access('authenticated')
  async conventionUrl(@Root() root: DeviceLoanType, @Ctx() { documents, viewer }: GraphqlContext): Promise<string> {
    if (!viewer.isCoordinator && root.person.id !== viewer.personId) throw new ForbiddenError();
    return documents.storage.createDownloadUrl(root.conventionKey, {
      expiresInSeconds: 300,
      fileName: `convention-tablette-${root.device.serialNumber}.pdf`,
      contentType: 'application/pdf',
    });
  }
}
