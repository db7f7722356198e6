import type { PersonContext } from '../../tenancy/body-context.js';
import { InBody } from '../../graphql/in-body.js';
import { Arg, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Access } from '../../graphql/access.js';
import { graphqlEnum } from '../../graphql/enums.js';
import { LongText } from '../../graphql/input-guard.js';
import { LocalDateScalar, UuidScalar } from '../../graphql/scalars.js';
import { AssemblyRoleEnum } from '../assemblies/assembly.type.js';
import type { AssemblyRole } from '../assemblies/assembly-member.entity.js';
import { importFormats, importLimits, type ImportFormat } from './members-csv.js';
import { importMembers, planImport } from './members-import.service.js';

const ImportFormatEnum = graphqlEnum(
  importFormats,
  'MembersImportFormat',
  'CARTABLE: our template; RNE: the Répertoire national des élus layout.',
);

@ObjectType('MembersImportLine')
@Access('authenticated')
class MembersImportLineType {
  @Field(() => Int, { description: 'Line in the file (the header is line 1).' })
  line!: number;

  @Field(() => [Int], { description: 'RNE: later lines of the same person (one per function), folded into this one.' })
  mergedLines!: number[];

  @Field()
  familyName!: string;

  @Field()
  givenName!: string;

  @Field()
  email!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  birthDate!: string | null;

  @Field(() => String, { nullable: true })
  groupName!: string | null;

  @Field(() => String, { nullable: true, description: 'The assembly the line seats the person in.' })
  assemblyName!: string | null;

  @Field(() => AssemblyRoleEnum)
  role!: AssemblyRole;

  @Field(() => [String], { description: 'What is wrong with the line, in French; empty when it can be imported.' })
  errors!: string[];
}

@ObjectType('MembersImportPreview')
@Access('authenticated')
class MembersImportPreviewType {
  @Field(() => ImportFormatEnum)
  format!: ImportFormat;

  @Field(() => [MembersImportLineType])
  lines!: MembersImportLineType[];

  @Field(() => Int, { description: 'Lines with at least one error: the import is refused while any remains.' })
  linesWithErrors!: number;

  @Field(() => [String], { description: 'Political groups the import would create.' })
  newGroups!: string[];
}

@ObjectType('MembersImportResult')
@Access('authenticated')
class MembersImportResultType {
  @Field(() => ImportFormatEnum)
  format!: ImportFormat;

  @Field(() => Int)
  imported!: number;

  @Field(() => Int, { description: 'People who already had a Cartable account (another body): linked, not duplicated.' })
  linkedExistingAccounts!: number;

  @Field(() => [String])
  groupsCreated!: string[];
}

/** CSV import of members, seats and groups: a preview that writes nothing, then all lines or none. */
@Resolver()
export class MembersImportResolver {
  @Mutation(() => MembersImportPreviewType, { description: 'Checks a CSV file line by line; writes nothing.' })
  @Access('authenticated')
  @LongText(2 * importLimits.maxBytes)
  async previewMembersImport(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('csv') csv: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MembersImportPreviewType> {
    const plan = await planImport(ctx, csv);
    return Object.assign(new MembersImportPreviewType(), {
      format: plan.format,
      lines: plan.rows.map((row) =>
        Object.assign(new MembersImportLineType(), { ...row, assemblyName: row.assembly?.name ?? row.assemblyName }),
      ),
      linesWithErrors: plan.rows.filter((row) => row.errors.length > 0).length,
      newGroups: plan.newGroups,
    });
  }

  @Mutation(() => MembersImportResultType, { description: 'Imports every line of a CSV file, or none when any line has an error.' })
  @Access('authenticated')
  @LongText(2 * importLimits.maxBytes)
  async importMembers(
    @Arg('bodyId', () => UuidScalar) bodyId: string,
    @Arg('csv') csv: string,
    @InBody('prepare') ctx: PersonContext,
  ): Promise<MembersImportResultType> {
    const result = await importMembers(ctx, csv);
    return Object.assign(new MembersImportResultType(), result);
  }
}
