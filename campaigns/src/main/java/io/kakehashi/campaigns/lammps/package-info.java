/** What campaigns that write LAMMPS input share: checks that keep user strings from becoming LAMMPS syntax. */
package io.kakehashi.campaigns.lammps;
