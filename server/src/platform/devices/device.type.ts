import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { LocalDateScalar } from '../../graphql/scalars.js';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { BodyType } from '../bodies/body.type.js';
import { PersonType } from '../people/person.type.js';
import {
  allocationEndReasons,
  deviceStates,
  ticketStatuses,
  type AllocationEndReason,
  type Device,
  type DeviceAllocation,
  type DeviceState,
  type SupportTicket,
  type TicketStatus,
} from './device.entity.js';
import { invalidSerialMessage, serialNumberPattern } from './device.service.js';

export const DeviceStateEnum = graphqlEnum(
  deviceStates,
  'DeviceState',
  'Where a tablet is: in stock, lent to an official, in repair, or lost.',
);
export const AllocationEndReasonEnum = graphqlEnum(allocationEndReasons, 'AllocationEndReason', 'Why a loan ended.');
export const TicketStatusEnum = graphqlEnum(ticketStatuses, 'TicketStatus', 'OPEN until the coordinator resolves it.');

@ObjectType('Device', { description: 'A tablet of the groupement.' })
@Access('authenticated')
export class DeviceType {
  @Field(() => ID)
  id!: string;

  @Field()
  serialNumber!: string;

  @Field()
  model!: string;

  @Field(() => DeviceStateEnum)
  state!: DeviceState;

  @Field(() => LocalDateScalar, { nullable: true })
  purchasedOn!: string | null;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  static from(device: Device): DeviceType {
    return Object.assign(new DeviceType(), {
      id: device.id,
      serialNumber: device.serialNumber,
      model: device.model,
      state: device.state,
      purchasedOn: device.purchasedOn ?? null,
      notes: device.notes ?? null,
    });
  }
}

@ObjectType('DeviceLoan', { description: 'A tablet lent to an official, with the loan convention they accept.' })
@Access('authenticated')
export class DeviceLoanType {
  @Field(() => ID)
  id!: string;

  @Field(() => DeviceType)
  device!: DeviceType;

  @Field(() => PersonType)
  person!: PersonType;

  @Field()
  allocatedAt!: Date;

  @Field({ description: 'SHA-256 of the loan convention (PDF); accepting it names this hash.' })
  conventionSha256!: string;

  @Field(() => Date, { nullable: true, description: 'When the official accepted the convention (database clock).' })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => AllocationEndReasonEnum, { nullable: true })
  endReason!: AllocationEndReason | null;

  @Field(() => String, { nullable: true })
  endNote!: string | null;

  /** Storage key of the convention, for `conventionUrl` (not exposed). */
  conventionKey!: string;

  static from(loan: DeviceAllocation): DeviceLoanType {
    return Object.assign(new DeviceLoanType(), {
      id: loan.id,
      device: DeviceType.from(loan.device),
      person: PersonType.from(loan.person),
      allocatedAt: loan.allocatedAt,
      conventionSha256: loan.conventionSha256,
      acceptedAt: loan.acceptedAt ?? null,
      endedAt: loan.endedAt ?? null,
      endReason: loan.endReason ?? null,
      endNote: loan.endNote ?? null,
      conventionKey: loan.conventionKey,
    });
  }
}

@ObjectType('SupportTicket', { description: 'A support request about a tablet.' })
@Access('authenticated')
export class SupportTicketType {
  @Field(() => ID)
  id!: string;

  @Field(() => DeviceType)
  device!: DeviceType;

  @Field(() => PersonType)
  openedBy!: PersonType;

  @Field()
  subject!: string;

  @Field()
  description!: string;

  @Field(() => TicketStatusEnum)
  status!: TicketStatus;

  @Field(() => String, { nullable: true })
  resolution!: string | null;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  static from(ticket: SupportTicket): SupportTicketType {
    return Object.assign(new SupportTicketType(), {
      id: ticket.id,
      device: DeviceType.from(ticket.device),
      openedBy: PersonType.from(ticket.openedBy),
      subject: ticket.subject,
      description: ticket.description,
      status: ticket.status,
      resolution: ticket.resolution ?? null,
      openedAt: ticket.openedAt,
      resolvedAt: ticket.resolvedAt ?? null,
    });
  }
}

@ObjectType('DeviceImportError', { description: 'A line of an inventory file that was refused.' })
@Access('coordinator')
export class DeviceImportErrorType {
  @Field(() => Int, { description: 'Line of the file; the header is line 1.' })
  line!: number;

  @Field(() => String, { nullable: true })
  serialNumber!: string | null;

  @Field()
  message!: string;
}

@ObjectType('DeviceImportResult', { description: 'All or nothing: with any error, no device is imported.' })
@Access('coordinator')
export class DeviceImportResultType {
  @Field(() => [DeviceType])
  imported!: DeviceType[];

  @Field(() => [DeviceImportErrorType])
  errors!: DeviceImportErrorType[];
}

@ObjectType('DeviceStateCount')
@Access('coordinator')
export class DeviceStateCountType {
  @Field(() => DeviceStateEnum)
  state!: DeviceState;

  @Field(() => Int)
  count!: number;
}

@ObjectType('OfficialsWithoutDevice', { description: 'The officials of a body who hold no tablet.' })
@Access('coordinator')
export class OfficialsWithoutDeviceType {
  @Field(() => BodyType)
  body!: BodyType;

  @Field(() => [PersonType])
  officials!: PersonType[];
}

@InputType('DeviceInput')
export class DeviceInput {
  @Field()
  @Matches(serialNumberPattern, { message: invalidSerialMessage })
  serialNumber!: string;

  @Field()
  @Length(1, 200, { message: 'Le modèle doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'Le modèle ne peut pas être vide.' })
  model!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  purchasedOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'Notes : 2 000 caractères au plus.' })
  notes?: string | null;
}

@InputType('SupportTicketInput')
export class SupportTicketInput {
  @Field()
  @Length(1, 200, { message: 'L’objet doit compter de 1 à 200 caractères.' })
  @Matches(/\S/, { message: 'L’objet ne peut pas être vide.' })
  subject!: string;

  @Field({ defaultValue: '' })
  @MaxLength(5000, { message: '5 000 caractères au plus.' })
  description!: string;
}
