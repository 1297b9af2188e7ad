package org.pdsup.procdesc.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.pdsup.procdesc.ExecHelper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exec helper this build made is linked statically on Linux (procdesc/pom.xml, profile linux-static-helper):
 * its ELF file has no {@code PT_INTERP} program header, so every spawn execs it without running the dynamic
 * linker (docs/benchmarks.md, "Restart path"). Read from the file itself, with the layouts of {@code elf.h}.
 */
@org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
class StaticHelperTest {
    /** elf.h: e_phoff at 32, e_phentsize at 54, e_phnum at 56 in Elf64_Ehdr; p_type first in Elf64_Phdr. */
    private static final int E_PHOFF = 32;
    private static final int E_PHENTSIZE = 54;
    private static final int E_PHNUM = 56;
    /** elf.h: PT_INTERP, the program interpreter (the dynamic linker) a dynamically linked program names. */
    private static final int PT_INTERP = 3;
    /** elf.h: EI_CLASS at 4, ELFCLASS64 = 2; EI_DATA at 5, ELFDATA2LSB = 1. */
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;

    @Test
    void theHelperNamesNoDynamicLinker() throws Exception {
        Path helper = ExecHelper.locate();
        assertThat(programHeaderTypes(helper)).as("program header types of " + helper).doesNotContain(PT_INTERP);
    }

    @Test
    void theCheckSeesTheDynamicLinkerOfADynamicProgram() throws Exception {
        // the check itself: a dynamically linked system program names its interpreter
        assertThat(programHeaderTypes(Path.of("/bin/sh").toRealPath())).contains(PT_INTERP);
    }

    private static java.util.List<Integer> programHeaderTypes(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(b.get(0) == 0x7f && b.get(1) == 'E' && b.get(2) == 'L' && b.get(3) == 'F').as(file + " is ELF")
                .isTrue();
        assertThat(b.get(EI_CLASS)).as(file + " is 64-bit ELF").isEqualTo((byte) 2);
        b.order(b.get(EI_DATA) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long phoff = b.getLong(E_PHOFF);
        int size = Short.toUnsignedInt(b.getShort(E_PHENTSIZE));
        int count = Short.toUnsignedInt(b.getShort(E_PHNUM));
        java.util.List<Integer> types = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) types.add(b.getInt((int) (phoff + (long) i * size)));
        return types;
    }
}
