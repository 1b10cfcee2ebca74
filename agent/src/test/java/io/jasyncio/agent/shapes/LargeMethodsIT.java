package io.jasyncio.agent.shapes;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.done;
import static io.jasyncio.agent.shapes.Awaited.v;
import static io.jasyncio.agent.shapes.Awaited.valueOfBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Async;
import io.jasyncio.Coroutine;
import org.junit.jupiter.api.Test;

/**
 * Shape 15: a method with 200 suspension points, and one with 100 locals live across awaits.
 * The bodies are regular on purpose (written by a loop in a script); the expected values are
 * computed by the same arithmetic in plain Java below.
 */
class LargeMethodsIT {

    @Async
    static Coroutine<Long> twoHundredAwaits() {
        long sum = 0;
        sum = sum * 31 + (int) await(v(0));
        sum = sum * 31 + (int) await(v(1));
        sum = sum * 31 + (int) await(v(2));
        sum = sum * 31 + (int) await(v(3));
        sum = sum * 31 + (int) await(v(4));
        sum = sum * 31 + (int) await(v(5));
        sum = sum * 31 + (int) await(v(6));
        sum = sum * 31 + (int) await(v(7));
        sum = sum * 31 + (int) await(v(8));
        sum = sum * 31 + (int) await(v(9));
        sum = sum * 31 + (int) await(v(10));
        sum = sum * 31 + (int) await(v(11));
        sum = sum * 31 + (int) await(v(12));
        sum = sum * 31 + (int) await(v(13));
        sum = sum * 31 + (int) await(v(14));
        sum = sum * 31 + (int) await(v(15));
        sum = sum * 31 + (int) await(v(16));
        sum = sum * 31 + (int) await(v(17));
        sum = sum * 31 + (int) await(v(18));
        sum = sum * 31 + (int) await(v(19));
        sum = sum * 31 + (int) await(v(20));
        sum = sum * 31 + (int) await(v(21));
        sum = sum * 31 + (int) await(v(22));
        sum = sum * 31 + (int) await(v(23));
        sum = sum * 31 + (int) await(v(24));
        sum = sum * 31 + (int) await(v(25));
        sum = sum * 31 + (int) await(v(26));
        sum = sum * 31 + (int) await(v(27));
        sum = sum * 31 + (int) await(v(28));
        sum = sum * 31 + (int) await(v(29));
        sum = sum * 31 + (int) await(v(30));
        sum = sum * 31 + (int) await(v(31));
        sum = sum * 31 + (int) await(v(32));
        sum = sum * 31 + (int) await(v(33));
        sum = sum * 31 + (int) await(v(34));
        sum = sum * 31 + (int) await(v(35));
        sum = sum * 31 + (int) await(v(36));
        sum = sum * 31 + (int) await(v(37));
        sum = sum * 31 + (int) await(v(38));
        sum = sum * 31 + (int) await(v(39));
        sum = sum * 31 + (int) await(v(40));
        sum = sum * 31 + (int) await(v(41));
        sum = sum * 31 + (int) await(v(42));
        sum = sum * 31 + (int) await(v(43));
        sum = sum * 31 + (int) await(v(44));
        sum = sum * 31 + (int) await(v(45));
        sum = sum * 31 + (int) await(v(46));
        sum = sum * 31 + (int) await(v(47));
        sum = sum * 31 + (int) await(v(48));
        sum = sum * 31 + (int) await(v(49));
        sum = sum * 31 + (int) await(v(50));
        sum = sum * 31 + (int) await(v(51));
        sum = sum * 31 + (int) await(v(52));
        sum = sum * 31 + (int) await(v(53));
        sum = sum * 31 + (int) await(v(54));
        sum = sum * 31 + (int) await(v(55));
        sum = sum * 31 + (int) await(v(56));
        sum = sum * 31 + (int) await(v(57));
        sum = sum * 31 + (int) await(v(58));
        sum = sum * 31 + (int) await(v(59));
        sum = sum * 31 + (int) await(v(60));
        sum = sum * 31 + (int) await(v(61));
        sum = sum * 31 + (int) await(v(62));
        sum = sum * 31 + (int) await(v(63));
        sum = sum * 31 + (int) await(v(64));
        sum = sum * 31 + (int) await(v(65));
        sum = sum * 31 + (int) await(v(66));
        sum = sum * 31 + (int) await(v(67));
        sum = sum * 31 + (int) await(v(68));
        sum = sum * 31 + (int) await(v(69));
        sum = sum * 31 + (int) await(v(70));
        sum = sum * 31 + (int) await(v(71));
        sum = sum * 31 + (int) await(v(72));
        sum = sum * 31 + (int) await(v(73));
        sum = sum * 31 + (int) await(v(74));
        sum = sum * 31 + (int) await(v(75));
        sum = sum * 31 + (int) await(v(76));
        sum = sum * 31 + (int) await(v(77));
        sum = sum * 31 + (int) await(v(78));
        sum = sum * 31 + (int) await(v(79));
        sum = sum * 31 + (int) await(v(80));
        sum = sum * 31 + (int) await(v(81));
        sum = sum * 31 + (int) await(v(82));
        sum = sum * 31 + (int) await(v(83));
        sum = sum * 31 + (int) await(v(84));
        sum = sum * 31 + (int) await(v(85));
        sum = sum * 31 + (int) await(v(86));
        sum = sum * 31 + (int) await(v(87));
        sum = sum * 31 + (int) await(v(88));
        sum = sum * 31 + (int) await(v(89));
        sum = sum * 31 + (int) await(v(90));
        sum = sum * 31 + (int) await(v(91));
        sum = sum * 31 + (int) await(v(92));
        sum = sum * 31 + (int) await(v(93));
        sum = sum * 31 + (int) await(v(94));
        sum = sum * 31 + (int) await(v(95));
        sum = sum * 31 + (int) await(v(96));
        sum = sum * 31 + (int) await(v(97));
        sum = sum * 31 + (int) await(v(98));
        sum = sum * 31 + (int) await(v(99));
        sum = sum * 31 + (int) await(v(100));
        sum = sum * 31 + (int) await(v(101));
        sum = sum * 31 + (int) await(v(102));
        sum = sum * 31 + (int) await(v(103));
        sum = sum * 31 + (int) await(v(104));
        sum = sum * 31 + (int) await(v(105));
        sum = sum * 31 + (int) await(v(106));
        sum = sum * 31 + (int) await(v(107));
        sum = sum * 31 + (int) await(v(108));
        sum = sum * 31 + (int) await(v(109));
        sum = sum * 31 + (int) await(v(110));
        sum = sum * 31 + (int) await(v(111));
        sum = sum * 31 + (int) await(v(112));
        sum = sum * 31 + (int) await(v(113));
        sum = sum * 31 + (int) await(v(114));
        sum = sum * 31 + (int) await(v(115));
        sum = sum * 31 + (int) await(v(116));
        sum = sum * 31 + (int) await(v(117));
        sum = sum * 31 + (int) await(v(118));
        sum = sum * 31 + (int) await(v(119));
        sum = sum * 31 + (int) await(v(120));
        sum = sum * 31 + (int) await(v(121));
        sum = sum * 31 + (int) await(v(122));
        sum = sum * 31 + (int) await(v(123));
        sum = sum * 31 + (int) await(v(124));
        sum = sum * 31 + (int) await(v(125));
        sum = sum * 31 + (int) await(v(126));
        sum = sum * 31 + (int) await(v(127));
        sum = sum * 31 + (int) await(v(128));
        sum = sum * 31 + (int) await(v(129));
        sum = sum * 31 + (int) await(v(130));
        sum = sum * 31 + (int) await(v(131));
        sum = sum * 31 + (int) await(v(132));
        sum = sum * 31 + (int) await(v(133));
        sum = sum * 31 + (int) await(v(134));
        sum = sum * 31 + (int) await(v(135));
        sum = sum * 31 + (int) await(v(136));
        sum = sum * 31 + (int) await(v(137));
        sum = sum * 31 + (int) await(v(138));
        sum = sum * 31 + (int) await(v(139));
        sum = sum * 31 + (int) await(v(140));
        sum = sum * 31 + (int) await(v(141));
        sum = sum * 31 + (int) await(v(142));
        sum = sum * 31 + (int) await(v(143));
        sum = sum * 31 + (int) await(v(144));
        sum = sum * 31 + (int) await(v(145));
        sum = sum * 31 + (int) await(v(146));
        sum = sum * 31 + (int) await(v(147));
        sum = sum * 31 + (int) await(v(148));
        sum = sum * 31 + (int) await(v(149));
        sum = sum * 31 + (int) await(v(150));
        sum = sum * 31 + (int) await(v(151));
        sum = sum * 31 + (int) await(v(152));
        sum = sum * 31 + (int) await(v(153));
        sum = sum * 31 + (int) await(v(154));
        sum = sum * 31 + (int) await(v(155));
        sum = sum * 31 + (int) await(v(156));
        sum = sum * 31 + (int) await(v(157));
        sum = sum * 31 + (int) await(v(158));
        sum = sum * 31 + (int) await(v(159));
        sum = sum * 31 + (int) await(v(160));
        sum = sum * 31 + (int) await(v(161));
        sum = sum * 31 + (int) await(v(162));
        sum = sum * 31 + (int) await(v(163));
        sum = sum * 31 + (int) await(v(164));
        sum = sum * 31 + (int) await(v(165));
        sum = sum * 31 + (int) await(v(166));
        sum = sum * 31 + (int) await(v(167));
        sum = sum * 31 + (int) await(v(168));
        sum = sum * 31 + (int) await(v(169));
        sum = sum * 31 + (int) await(v(170));
        sum = sum * 31 + (int) await(v(171));
        sum = sum * 31 + (int) await(v(172));
        sum = sum * 31 + (int) await(v(173));
        sum = sum * 31 + (int) await(v(174));
        sum = sum * 31 + (int) await(v(175));
        sum = sum * 31 + (int) await(v(176));
        sum = sum * 31 + (int) await(v(177));
        sum = sum * 31 + (int) await(v(178));
        sum = sum * 31 + (int) await(v(179));
        sum = sum * 31 + (int) await(v(180));
        sum = sum * 31 + (int) await(v(181));
        sum = sum * 31 + (int) await(v(182));
        sum = sum * 31 + (int) await(v(183));
        sum = sum * 31 + (int) await(v(184));
        sum = sum * 31 + (int) await(v(185));
        sum = sum * 31 + (int) await(v(186));
        sum = sum * 31 + (int) await(v(187));
        sum = sum * 31 + (int) await(v(188));
        sum = sum * 31 + (int) await(v(189));
        sum = sum * 31 + (int) await(v(190));
        sum = sum * 31 + (int) await(v(191));
        sum = sum * 31 + (int) await(v(192));
        sum = sum * 31 + (int) await(v(193));
        sum = sum * 31 + (int) await(v(194));
        sum = sum * 31 + (int) await(v(195));
        sum = sum * 31 + (int) await(v(196));
        sum = sum * 31 + (int) await(v(197));
        sum = sum * 31 + (int) await(v(198));
        sum = sum * 31 + (int) await(v(199));
        return done(sum);
    }

    static long twoHundredPlain() {
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            sum = sum * 31 + i;
        }
        return sum;
    }

    @Async
    static Coroutine<Long> hundredLiveLocals() {
        int x0 = 0;
        long x1 = 1L * 1_000_000_007L;
        double x2 = 2 + 0.5;
        float x3 = 3 + 0.25f;
        short x4 = (short) 4;
        byte x5 = (byte) 5;
        char x6 = (char) ('A' + 6);
        boolean x7 = false;
        String x8 = "s8";
        Object x9 = Integer.valueOf(9);
        int x10 = 10;
        long x11 = 11L * 1_000_000_007L;
        double x12 = 12 + 0.5;
        float x13 = 13 + 0.25f;
        short x14 = (short) 14;
        byte x15 = (byte) 15;
        char x16 = (char) ('A' + 16);
        boolean x17 = false;
        String x18 = "s18";
        Object x19 = Integer.valueOf(19);
        int x20 = 20;
        long x21 = 21L * 1_000_000_007L;
        double x22 = 22 + 0.5;
        float x23 = 23 + 0.25f;
        short x24 = (short) 24;
        byte x25 = (byte) 25;
        char x26 = (char) ('A' + 0);
        boolean x27 = false;
        String x28 = "s28";
        Object x29 = Integer.valueOf(29);
        int x30 = 30;
        long x31 = 31L * 1_000_000_007L;
        double x32 = 32 + 0.5;
        float x33 = 33 + 0.25f;
        short x34 = (short) 34;
        byte x35 = (byte) 35;
        char x36 = (char) ('A' + 10);
        boolean x37 = false;
        String x38 = "s38";
        Object x39 = Integer.valueOf(39);
        int x40 = 40;
        long x41 = 41L * 1_000_000_007L;
        double x42 = 42 + 0.5;
        float x43 = 43 + 0.25f;
        short x44 = (short) 44;
        byte x45 = (byte) 45;
        char x46 = (char) ('A' + 20);
        boolean x47 = false;
        String x48 = "s48";
        Object x49 = Integer.valueOf(49);
        int x50 = 50;
        long x51 = 51L * 1_000_000_007L;
        double x52 = 52 + 0.5;
        float x53 = 53 + 0.25f;
        short x54 = (short) 54;
        byte x55 = (byte) 55;
        char x56 = (char) ('A' + 4);
        boolean x57 = false;
        String x58 = "s58";
        Object x59 = Integer.valueOf(59);
        int x60 = 60;
        long x61 = 61L * 1_000_000_007L;
        double x62 = 62 + 0.5;
        float x63 = 63 + 0.25f;
        short x64 = (short) 64;
        byte x65 = (byte) 65;
        char x66 = (char) ('A' + 14);
        boolean x67 = false;
        String x68 = "s68";
        Object x69 = Integer.valueOf(69);
        int x70 = 70;
        long x71 = 71L * 1_000_000_007L;
        double x72 = 72 + 0.5;
        float x73 = 73 + 0.25f;
        short x74 = (short) 74;
        byte x75 = (byte) 75;
        char x76 = (char) ('A' + 24);
        boolean x77 = false;
        String x78 = "s78";
        Object x79 = Integer.valueOf(79);
        int x80 = 80;
        long x81 = 81L * 1_000_000_007L;
        double x82 = 82 + 0.5;
        float x83 = 83 + 0.25f;
        short x84 = (short) 84;
        byte x85 = (byte) 85;
        char x86 = (char) ('A' + 8);
        boolean x87 = false;
        String x88 = "s88";
        Object x89 = Integer.valueOf(89);
        int x90 = 90;
        long x91 = 91L * 1_000_000_007L;
        double x92 = 92 + 0.5;
        float x93 = 93 + 0.25f;
        short x94 = (short) 94;
        byte x95 = (byte) 95;
        char x96 = (char) ('A' + 18);
        boolean x97 = false;
        String x98 = "s98";
        Object x99 = Integer.valueOf(99);
        long acc = (int) await(v(1));
        acc += (int) await(v(2));
        acc += (int) await(v(3));
        acc += (int) await(v(4));
        acc = acc * 7
                + (long) x0
                + (long) x1
                + (long) (x2 * 4)
                + (long) (x3 * 4)
                + (long) x4
                + (long) x5
                + (long) x6
                + (x7 ? 1 : 0)
                + x8.length()
                + x9.hashCode();
        acc = acc * 7
                + (long) x10
                + (long) x11
                + (long) (x12 * 4)
                + (long) (x13 * 4)
                + (long) x14
                + (long) x15
                + (long) x16
                + (x17 ? 1 : 0)
                + x18.length()
                + x19.hashCode();
        acc = acc * 7
                + (long) x20
                + (long) x21
                + (long) (x22 * 4)
                + (long) (x23 * 4)
                + (long) x24
                + (long) x25
                + (long) x26
                + (x27 ? 1 : 0)
                + x28.length()
                + x29.hashCode();
        acc = acc * 7
                + (long) x30
                + (long) x31
                + (long) (x32 * 4)
                + (long) (x33 * 4)
                + (long) x34
                + (long) x35
                + (long) x36
                + (x37 ? 1 : 0)
                + x38.length()
                + x39.hashCode();
        acc = acc * 7
                + (long) x40
                + (long) x41
                + (long) (x42 * 4)
                + (long) (x43 * 4)
                + (long) x44
                + (long) x45
                + (long) x46
                + (x47 ? 1 : 0)
                + x48.length()
                + x49.hashCode();
        acc = acc * 7
                + (long) x50
                + (long) x51
                + (long) (x52 * 4)
                + (long) (x53 * 4)
                + (long) x54
                + (long) x55
                + (long) x56
                + (x57 ? 1 : 0)
                + x58.length()
                + x59.hashCode();
        acc = acc * 7
                + (long) x60
                + (long) x61
                + (long) (x62 * 4)
                + (long) (x63 * 4)
                + (long) x64
                + (long) x65
                + (long) x66
                + (x67 ? 1 : 0)
                + x68.length()
                + x69.hashCode();
        acc = acc * 7
                + (long) x70
                + (long) x71
                + (long) (x72 * 4)
                + (long) (x73 * 4)
                + (long) x74
                + (long) x75
                + (long) x76
                + (x77 ? 1 : 0)
                + x78.length()
                + x79.hashCode();
        acc = acc * 7
                + (long) x80
                + (long) x81
                + (long) (x82 * 4)
                + (long) (x83 * 4)
                + (long) x84
                + (long) x85
                + (long) x86
                + (x87 ? 1 : 0)
                + x88.length()
                + x89.hashCode();
        acc = acc * 7
                + (long) x90
                + (long) x91
                + (long) (x92 * 4)
                + (long) (x93 * 4)
                + (long) x94
                + (long) x95
                + (long) x96
                + (x97 ? 1 : 0)
                + x98.length()
                + x99.hashCode();
        return done(acc);
    }

    static long hundredLocalsPlain() {
        int x0 = 0;
        long x1 = 1L * 1_000_000_007L;
        double x2 = 2 + 0.5;
        float x3 = 3 + 0.25f;
        short x4 = (short) 4;
        byte x5 = (byte) 5;
        char x6 = (char) ('A' + 6);
        boolean x7 = false;
        String x8 = "s8";
        Object x9 = Integer.valueOf(9);
        int x10 = 10;
        long x11 = 11L * 1_000_000_007L;
        double x12 = 12 + 0.5;
        float x13 = 13 + 0.25f;
        short x14 = (short) 14;
        byte x15 = (byte) 15;
        char x16 = (char) ('A' + 16);
        boolean x17 = false;
        String x18 = "s18";
        Object x19 = Integer.valueOf(19);
        int x20 = 20;
        long x21 = 21L * 1_000_000_007L;
        double x22 = 22 + 0.5;
        float x23 = 23 + 0.25f;
        short x24 = (short) 24;
        byte x25 = (byte) 25;
        char x26 = (char) ('A' + 0);
        boolean x27 = false;
        String x28 = "s28";
        Object x29 = Integer.valueOf(29);
        int x30 = 30;
        long x31 = 31L * 1_000_000_007L;
        double x32 = 32 + 0.5;
        float x33 = 33 + 0.25f;
        short x34 = (short) 34;
        byte x35 = (byte) 35;
        char x36 = (char) ('A' + 10);
        boolean x37 = false;
        String x38 = "s38";
        Object x39 = Integer.valueOf(39);
        int x40 = 40;
        long x41 = 41L * 1_000_000_007L;
        double x42 = 42 + 0.5;
        float x43 = 43 + 0.25f;
        short x44 = (short) 44;
        byte x45 = (byte) 45;
        char x46 = (char) ('A' + 20);
        boolean x47 = false;
        String x48 = "s48";
        Object x49 = Integer.valueOf(49);
        int x50 = 50;
        long x51 = 51L * 1_000_000_007L;
        double x52 = 52 + 0.5;
        float x53 = 53 + 0.25f;
        short x54 = (short) 54;
        byte x55 = (byte) 55;
        char x56 = (char) ('A' + 4);
        boolean x57 = false;
        String x58 = "s58";
        Object x59 = Integer.valueOf(59);
        int x60 = 60;
        long x61 = 61L * 1_000_000_007L;
        double x62 = 62 + 0.5;
        float x63 = 63 + 0.25f;
        short x64 = (short) 64;
        byte x65 = (byte) 65;
        char x66 = (char) ('A' + 14);
        boolean x67 = false;
        String x68 = "s68";
        Object x69 = Integer.valueOf(69);
        int x70 = 70;
        long x71 = 71L * 1_000_000_007L;
        double x72 = 72 + 0.5;
        float x73 = 73 + 0.25f;
        short x74 = (short) 74;
        byte x75 = (byte) 75;
        char x76 = (char) ('A' + 24);
        boolean x77 = false;
        String x78 = "s78";
        Object x79 = Integer.valueOf(79);
        int x80 = 80;
        long x81 = 81L * 1_000_000_007L;
        double x82 = 82 + 0.5;
        float x83 = 83 + 0.25f;
        short x84 = (short) 84;
        byte x85 = (byte) 85;
        char x86 = (char) ('A' + 8);
        boolean x87 = false;
        String x88 = "s88";
        Object x89 = Integer.valueOf(89);
        int x90 = 90;
        long x91 = 91L * 1_000_000_007L;
        double x92 = 92 + 0.5;
        float x93 = 93 + 0.25f;
        short x94 = (short) 94;
        byte x95 = (byte) 95;
        char x96 = (char) ('A' + 18);
        boolean x97 = false;
        String x98 = "s98";
        Object x99 = Integer.valueOf(99);
        long acc = 1;
        acc += 2;
        acc += 3;
        acc += 4;
        acc = acc * 7
                + (long) x0
                + (long) x1
                + (long) (x2 * 4)
                + (long) (x3 * 4)
                + (long) x4
                + (long) x5
                + (long) x6
                + (x7 ? 1 : 0)
                + x8.length()
                + x9.hashCode();
        acc = acc * 7
                + (long) x10
                + (long) x11
                + (long) (x12 * 4)
                + (long) (x13 * 4)
                + (long) x14
                + (long) x15
                + (long) x16
                + (x17 ? 1 : 0)
                + x18.length()
                + x19.hashCode();
        acc = acc * 7
                + (long) x20
                + (long) x21
                + (long) (x22 * 4)
                + (long) (x23 * 4)
                + (long) x24
                + (long) x25
                + (long) x26
                + (x27 ? 1 : 0)
                + x28.length()
                + x29.hashCode();
        acc = acc * 7
                + (long) x30
                + (long) x31
                + (long) (x32 * 4)
                + (long) (x33 * 4)
                + (long) x34
                + (long) x35
                + (long) x36
                + (x37 ? 1 : 0)
                + x38.length()
                + x39.hashCode();
        acc = acc * 7
                + (long) x40
                + (long) x41
                + (long) (x42 * 4)
                + (long) (x43 * 4)
                + (long) x44
                + (long) x45
                + (long) x46
                + (x47 ? 1 : 0)
                + x48.length()
                + x49.hashCode();
        acc = acc * 7
                + (long) x50
                + (long) x51
                + (long) (x52 * 4)
                + (long) (x53 * 4)
                + (long) x54
                + (long) x55
                + (long) x56
                + (x57 ? 1 : 0)
                + x58.length()
                + x59.hashCode();
        acc = acc * 7
                + (long) x60
                + (long) x61
                + (long) (x62 * 4)
                + (long) (x63 * 4)
                + (long) x64
                + (long) x65
                + (long) x66
                + (x67 ? 1 : 0)
                + x68.length()
                + x69.hashCode();
        acc = acc * 7
                + (long) x70
                + (long) x71
                + (long) (x72 * 4)
                + (long) (x73 * 4)
                + (long) x74
                + (long) x75
                + (long) x76
                + (x77 ? 1 : 0)
                + x78.length()
                + x79.hashCode();
        acc = acc * 7
                + (long) x80
                + (long) x81
                + (long) (x82 * 4)
                + (long) (x83 * 4)
                + (long) x84
                + (long) x85
                + (long) x86
                + (x87 ? 1 : 0)
                + x88.length()
                + x89.hashCode();
        acc = acc * 7
                + (long) x90
                + (long) x91
                + (long) (x92 * 4)
                + (long) (x93 * 4)
                + (long) x94
                + (long) x95
                + (long) x96
                + (x97 ? 1 : 0)
                + x98.length()
                + x99.hashCode();
        return acc;
    }

    @Test
    void twoHundredSuspensionPointsInOneMethod() {
        assertEquals(twoHundredPlain(), valueOfBoth(LargeMethodsIT::twoHundredAwaits));
    }

    @Test
    void aHundredLocalsOfEveryTypeLiveAcrossAwaits() {
        assertEquals(hundredLocalsPlain(), valueOfBoth(LargeMethodsIT::hundredLiveLocals));
    }
}
